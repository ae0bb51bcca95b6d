namespace Portal.Auth;

/// <summary>The named authorization policies of the web doors.</summary>
public static class Policies
{
    /// <summary>Bulk import, the audit log, quotas and backup services (contract §5).</summary>
    public const string Admin = "admin";
}
