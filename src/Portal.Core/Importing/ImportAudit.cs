using Portal.Core.Auditing;
using Portal.Core.Tenancy;

namespace Portal.Core.Importing;

/// <summary>What the audit log records of an import attempt (contract §6), for single and bulk imports alike.</summary>
internal static class ImportAudit
{
    public static AuditDraft Draft(RequestContext context, ImportRequest request, ImportPlan plan, string? backupUrlSha256 = null) =>
        new(context, AuditActions.Import, OutcomeOf(plan))
        {
            TargetProjectId = plan.Owner?.ProjectId ?? request.TargetProjectId ?? context.ProjectId,
            BackupId = plan.BackupId,
            BackupService = request.BackupService,
            BackupUrl = request.BackupUrl,
            BackupUrlSha256 = backupUrlSha256,
            // An identical repeat is no error, and is stored in full already: its input needs no second copy.
            Error = plan.IsUnchanged ? null : plan.Error,
        };

    /// <summary>How the attempt ends, in the audit log's words: what the plan writes, or why it writes nothing.</summary>
    public static string OutcomeOf(ImportPlan plan) =>
        plan.CanImport ? (plan.RevivesDeletedBackup ? AuditOutcomes.Revived : AuditOutcomes.Imported)
        : plan.IsUnchanged ? AuditOutcomes.Unchanged
        : AuditOutcomes.Rejected;
}
