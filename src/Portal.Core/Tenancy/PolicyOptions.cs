namespace Portal.Core.Tenancy;

/// <summary>The configurable part of who may do what (section <c>Policy</c>).</summary>
public sealed class PolicyOptions
{
    public const string SectionName = "Policy";

    /// <summary>
    /// Restores Cinder's default: only admins export and import. Off by default, so members
    /// export and import within their own project (contract §5).
    /// </summary>
    public bool AdminOnlyImportExport { get; set; }

    /// <summary>
    /// Lets members put their own project's backups (and the parents they need) back into a
    /// connected cloud's Cinder from a backup's page. Off by default: like Cinder's own import,
    /// writing into Cinder is for admins (issue 14).
    /// </summary>
    public bool MembersRestoreIntoCloud { get; set; }
}
