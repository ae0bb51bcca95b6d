namespace Portal.Core.Auditing;

/// <summary>What an audit entry records an attempt of.</summary>
public static class AuditActions
{
    public const string Import = "import";
    public const string Export = "export";
    public const string Delete = "delete";
}

/// <summary>How an attempt ended (contract §6).</summary>
public static class AuditOutcomes
{
    public const string Imported = "imported";
    public const string Revived = "revived";
    public const string Exported = "exported";
    public const string Deleted = "deleted";
    public const string Rejected = "rejected";
}
