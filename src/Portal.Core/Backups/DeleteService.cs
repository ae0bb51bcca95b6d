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
        var id = Backup.NormalizeId(backupId);
        var backup = await db.Backups.NotDeleted().FirstOrDefaultAsync(b => b.Id == id, ct);
        var error = backup is null || !PortalPolicy.CanSee(context, backup.ProjectId) ? BackupErrors.NotFound(backupId)
            : !PortalPolicy.CanDelete(context, backup.ProjectId) ? new Error(ErrorCodes.DeleteForbidden, "Your role lets you see backups but not delete them. Ask a member or an admin of the project.")
            : backup.Status is not (BackupStatus.Available or BackupStatus.Error)
                ? new Error(ErrorCodes.DeleteInvalidState, $"Backup {backup.Id} is {backup.Status}; only an available backup or one in error can be deleted. Wait until it is available.")
            : await DependentsAsync(db, id, ct) is { Count: > 0 } dependents
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
            // Another project's backup leaves no trace of that project in the caller's attempt.
            TargetProjectId = error?.Code == ErrorCodes.BackupNotFound ? context.ProjectId : backup?.ProjectId,
            BackupId = backup?.Id ?? backupId,
            Error = error,
        }, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return error is null ? backup! : error;
    }

    /// <summary>Some of the incremental backups built on <paramref name="id"/>, to name in the refusal.</summary>
    private static Task<List<string>> DependentsAsync(PortalDbContext db, string id, CancellationToken ct) =>
        db.Backups.NotDeleted().Where(b => b.ParentId == id).Select(b => b.Id).Take(5).ToListAsync(ct);
}
