using Portal.Core.Auditing;
using Portal.Core.Common;
using Portal.Core.Tenancy;

namespace Portal.Core.Importing;

/// <summary>What the audit log records of an import attempt (contract §6), for every door alike.</summary>
internal static class ImportAudit
{
    public static AuditDraft Draft(RequestContext context, ImportPlan plan, string? backupUrlSha256 = null) =>
        new(context, AuditActions.Import, plan.Outcome.Word())
        {
            TargetProjectId = plan.Owner?.ProjectId ?? plan.Request.TargetProjectId ?? context.ProjectId,
            BackupId = plan.BackupId,
            BackupService = plan.Request.BackupService,
            BackupUrl = plan.Request.BackupUrl,
            BackupUrlSha256 = backupUrlSha256,
            // An identical repeat is stored in full already: its input needs no second copy.
            Error = plan.ReportedError,
        };

    /// <summary>
    /// An attempt whose input never became a request (a file line or an API body that is not a
    /// record): rejected, with the input kept as it came, text or bytes.
    /// </summary>
    public static AuditDraft Unreadable(RequestContext context, string? targetProjectId, Error error, string? text = null, ReadOnlyMemory<byte>? bytes = null, string? sha256 = null) =>
        new(context, AuditActions.Import, AuditOutcomes.Rejected)
        {
            TargetProjectId = targetProjectId ?? context.ProjectId,
            BackupUrl = text,
            UnreadableInput = bytes,
            BackupUrlSha256 = sha256,
            Error = error,
        };
}
