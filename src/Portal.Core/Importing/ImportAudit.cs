using Portal.Core.Auditing;
using Portal.Core.Tenancy;

namespace Portal.Core.Importing;

/// <summary>What the audit log records of an import attempt (contract §6), for single and bulk imports alike.</summary>
internal static class ImportAudit
{
    public static AuditDraft Draft(RequestContext context, ImportRequest request, ImportPlan plan, string outcome, string? backupUrlSha256 = null) =>
        new(context, AuditActions.Import, outcome)
        {
            TargetProjectId = plan.Owner?.ProjectId ?? request.TargetProjectId ?? context.ProjectId,
            BackupId = plan.BackupId,
            BackupService = request.BackupService,
            BackupUrl = request.BackupUrl,
            BackupUrlSha256 = backupUrlSha256,
            Error = plan.Error,
            // An identical repeat is stored in full already: its input needs no second copy.
            KeepRawInput = plan.IsUnchanged ? false : null,
        };
}
