namespace Portal.Core.Quotas;

/// <summary>Default per-project limits (<c>Quotas:Default:Backups</c>, <c>Quotas:Default:Gigabytes</c>).</summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Quotas";

    public QuotaLimits Default { get; set; } = new();
}

/// <summary>Limits of one project; null or negative means unlimited.</summary>
public sealed class QuotaLimits
{
    public int? Backups { get; set; }

    public int? Gigabytes { get; set; }
}
