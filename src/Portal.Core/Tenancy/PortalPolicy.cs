using Microsoft.Extensions.Options;

namespace Portal.Core.Tenancy;

/// <summary>Contract §5: who sees, exports and imports what. Every door asks here.</summary>
public sealed class PortalPolicy(IOptions<PolicyOptions> options)
{
    private readonly PolicyOptions _options = options.Value;

    /// <summary>Whether the caller may see backups of <paramref name="projectId"/>. Other projects do not exist for them.</summary>
    public static bool CanSee(RequestContext context, string projectId) =>
        SeesBackups(context, out var onlyProject) && (onlyProject is null || onlyProject == projectId);

    /// <summary>
    /// The same rule in the form a query needs: whether the caller sees any backups, and if only one
    /// project's, which (admins: every project's, <paramref name="onlyProject"/> null).
    /// </summary>
    public static bool SeesBackups(RequestContext context, out string? onlyProject)
    {
        onlyProject = context.IsAdmin ? null : context.ProjectId;
        return context.IsAdmin || (context.IsReader && context.ProjectId is not null);
    }

    public bool CanExport(RequestContext context, string projectId) =>
        context.IsAdmin || (!_options.AdminOnlyImportExport && context.IsMember && context.ProjectId == projectId);

    /// <summary>Whether the caller may delete a backup of <paramref name="projectId"/>: members in their project, admins anywhere.</summary>
    public static bool CanDelete(RequestContext context, string projectId) =>
        context.IsAdmin || (context.IsMember && context.ProjectId == projectId);

    /// <summary>
    /// Whether the caller may import into <paramref name="targetProjectId"/>; keeping the record's
    /// owner, or importing on behalf of another project, is for admins.
    /// </summary>
    public bool CanImport(RequestContext context, string? targetProjectId, bool keepRecordOwner) =>
        context.IsAdmin
        || (!_options.AdminOnlyImportExport && context.IsMember && !keepRecordOwner
            && context.ProjectId is not null && (targetProjectId is null || targetProjectId == context.ProjectId));

    /// <summary>Whether the caller may put a backup of <paramref name="projectId"/> back into a cloud's Cinder: admins, or members of it when the setting allows.</summary>
    public bool CanRestoreIntoCloud(RequestContext context, string? projectId) =>
        context.IsAdmin || (_options.MembersRestoreIntoCloud && context.IsMember && projectId is not null && context.ProjectId == projectId);

    /// <summary>Bulk import, the audit log, quotas and backup services are admin pages.</summary>
    public static bool CanAdminister(RequestContext context) => context.IsAdmin;

    /// <summary>Everything above, answered for one caller in the form pages need.</summary>
    public PortalAbilities AbilitiesOf(RequestContext context) => new()
    {
        ImportRefusal = CanImport(context, null, keepRecordOwner: false) ? null
            : Importing.ImportErrors.Forbidden(context, new Importing.ImportRequest("", "")),
        CanImportOnBehalf = CanImport(context, targetProjectId: null, keepRecordOwner: true),
        ExportRefusal = context.IsAdmin || (context.ProjectId is { } own && CanExport(context, own)) ? null
            : Exporting.ExportErrors.Forbidden(context),
        CanAdminister = CanAdminister(context),
        SeesEveryProject = SeesBackups(context, out var onlyProject) && onlyProject is null,
    };
}
