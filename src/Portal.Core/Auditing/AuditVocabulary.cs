namespace Portal.Core.Auditing;

/// <summary>What an audit entry records an attempt of.</summary>
public static class AuditActions
{
    public const string Import = "import";
    public const string Export = "export";
    public const string Delete = "delete";

    /// <summary>Not in contract §6 (issue 14): a record put back into a cloud's Cinder; its outcome is the restore's word (restored, clash, ...).</summary>
    public const string Restore = "restore";
}

/// <summary>How an attempt ended (contract §6).</summary>
public static class AuditOutcomes
{
    public const string Imported = "imported";
    public const string Revived = "revived";

    /// <summary>
    /// Not in contract §6: an import of a record that is here already with exactly this content.
    /// Nothing was written and nothing was wrong, as the bulk report and the command line say too.
    /// </summary>
    public const string Unchanged = "unchanged";

    /// <summary>Not in contract §6, which knows no clouds (issue 14): a vault copy that took its cloud's changed record.</summary>
    public const string Refreshed = "refreshed";

    public const string Exported = "exported";
    public const string Deleted = "deleted";
    public const string Rejected = "rejected";
}
