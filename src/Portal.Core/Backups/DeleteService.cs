using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Tenancy;

namespace Portal.Core.Backups;

/// <summary>
/// Deletes backups as Cinder does, softly: the row stays, so importing the backup's record later
/// revives it with the same id. Cinder's rules apply (available or error, no incremental backups on
/// it), members delete in their own project, and every attempt is audited.
/// </summary>
public sealed class DeleteService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<Result<Backup>> DeleteAsync(RequestContext context, string backupId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        var backup = Backup.TryNormalizeId(backupId, out var id)
            ? await db.Backups.NotDeleted().FirstOrDefaultAsync(b => b.Id == id, ct)
            : null;
        if (backup is not null && !PortalPolicy.CanSee(context, backup.ProjectId))
        {
            // Another project's backup does not exist for this caller, in the answer and in the audit entry.
            backup = null;
        }
        var error = backup is null ? BackupErrors.NotFound(backupId)
            : !PortalPolicy.CanDelete(context, backup.ProjectId) ? new Error(ErrorCodes.DeleteForbidden, "Your role lets you see backups but not delete them. Ask a member or an admin of the project.")
            : backup.Status is not (BackupStatus.Available or BackupStatus.Error)
                ? new Error(ErrorCodes.DeleteInvalidState, $"Backup {backup.Id} is {backup.Status}; only an available backup or one in error can be deleted. Wait until it is available.")
            : await DependentsAsync(db, backup, ct) is { Count: > 0 } dependents
                ? new Error(ErrorCodes.DeleteHasDependents, $"Incremental backups exist for backup {backup.Id} ({string.Join(", ", dependents)}); delete them first.")
            : null;

        var now = clock.GetUtcNow().UtcDateTime;
        if (error is null)
        {
            backup!.MarkDeleted(now);
        }
        var audit = await AuditLog.OpenWriterAsync(db, ct);
        audit.Append(new AuditDraft(context, AuditActions.Delete, error is null ? AuditOutcomes.Deleted : AuditOutcomes.Rejected)
        {
            TargetProjectId = backup?.ProjectId ?? context.ProjectId,
            BackupId = backup?.Id ?? backupId,
            Error = error,
        }, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return error is null ? backup! : error;
    }

    /// <summary>
    /// Some of the incremental backups built on <paramref name="parent"/>, to name in the refusal. A
    /// chain lives in one project (Cinder's incrementals are of one volume): a backup of another
    /// project naming this one as its parent is no dependent and cannot block its owner.
    /// </summary>
    private static Task<List<string>> DependentsAsync(PortalDbContext db, Backup parent, CancellationToken ct) =>
        db.Backups.NotDeleted().Where(b => b.ParentId == parent.Id && b.ProjectId == parent.ProjectId).Select(b => b.Id).Take(5).ToListAsync(ct);
}
