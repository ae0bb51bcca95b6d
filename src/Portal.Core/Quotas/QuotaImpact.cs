namespace Portal.Core.Quotas;

/// <summary>What adding backups would do to a project's quota: usage now, the addition, the limits.</summary>
public sealed record QuotaImpact(
    string ProjectId,
    int? BackupsLimit,
    int? GigabytesLimit,
    int BackupsInUse,
    long GigabytesInUse,
    int AddedBackups,
    long AddedGigabytes)
{
    public bool ExceedsBackups => BackupsLimit is { } limit && BackupsInUse + AddedBackups > limit;

    public bool ExceedsGigabytes => GigabytesLimit is { } limit && GigabytesInUse + AddedGigabytes > limit;

    public bool IsWithinLimits => !ExceedsBackups && !ExceedsGigabytes;
}
