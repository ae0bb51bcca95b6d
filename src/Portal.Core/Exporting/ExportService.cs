using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Backups;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Records;
using Portal.Core.Tenancy;

namespace Portal.Core.Exporting;

/// <summary>Exports backups as Cinder records (contract §1), auditing every attempt.</summary>
public sealed class ExportService(IDbContextFactory<PortalDbContext> dbFactory, PortalPolicy policy, TimeProvider clock)
{
    private const int PageSize = 500;

    public async Task<Result<ExportedRecord>> ExportAsync(RequestContext context, string backupId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        var backup = Backup.TryNormalizeId(backupId, out var id)
            ? await db.Backups.AsNoTracking().NotDeleted().FirstOrDefaultAsync(b => b.Id == id, ct)
            : null;
        if (backup is not null && !PortalPolicy.CanSee(context, backup.ProjectId))
        {
            // Another project's backup does not exist for this caller, in the answer and in the audit
            // entry alike: the attempt is the caller's own, not part of that backup's history.
            backup = null;
        }

        var error = backup is null ? BackupErrors.NotFound(backupId) : Refusal(context, backup);
        var exported = error is null ? Encode(backup!) : null;

        var audit = await AuditLog.OpenWriterAsync(db, ct);
        audit.Append(new AuditDraft(context, AuditActions.Export, error is null ? AuditOutcomes.Exported : AuditOutcomes.Rejected)
        {
            TargetProjectId = backup?.ProjectId ?? context.ProjectId,
            BackupId = backup?.Id ?? backupId,
            BackupService = backup?.Service,
            BackupUrl = exported?.BackupUrl,
            Error = error,
        }, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return error is null ? exported! : error;
    }

    /// <summary>Why the caller may not export <paramref name="backup"/> (one they can see), or null when they may: what an export button asks.</summary>
    public Error? Refusal(RequestContext context, Backup backup) =>
        !policy.CanExport(context, backup.ProjectId) ? ExportErrors.Forbidden(context)
        : backup.Status != BackupStatus.Available ? ExportErrors.NotAvailable(backup)
        : null;

    /// <summary>
    /// Streams every available backup of one project (or of all projects, for admins) to
    /// <paramref name="sink"/>, page by page so memory stays flat, auditing each export. Oldest
    /// first, so a parent comes before its incremental children and a re-import needs one pass.
    /// </summary>
    /// <returns>How many records were exported.</returns>
    public async Task<Result<long>> ExportManyAsync(
        RequestContext context, string? projectId, Func<ExportedRecord, CancellationToken, ValueTask> sink, CancellationToken ct = default)
    {
        if (projectId is null ? !PortalPolicy.CanAdminister(context) : !policy.CanExport(context, projectId))
        {
            return ExportErrors.Forbidden(context);
        }

        long count = 0;
        (DateTime CreatedAt, string Id)? after = null;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.BeginWriteAsync(ct);
            var query = db.Backups.AsNoTracking().NotDeleted().Where(b => b.Status == BackupStatus.Available);
            if (projectId is not null)
            {
                query = query.Where(b => b.ProjectId == projectId);
            }
            if (after is { } last)
            {
                query = query.Where(b => b.CreatedAt > last.CreatedAt || (b.CreatedAt == last.CreatedAt && b.Id.CompareTo(last.Id) > 0));
            }
            var page = await query.OrderBy(b => b.CreatedAt).ThenBy(b => b.Id).Take(PageSize).ToListAsync(ct);
            if (page.Count == 0)
            {
                return count;
            }

            var audit = await AuditLog.OpenWriterAsync(db, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var backup in page)
            {
                var exported = Encode(backup);
                await sink(exported, ct);
                audit.Append(new AuditDraft(context, AuditActions.Export, AuditOutcomes.Exported)
                {
                    TargetProjectId = backup.ProjectId,
                    BackupId = backup.Id,
                    BackupService = backup.Service,
                    BackupUrl = exported.BackupUrl,
                }, now);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            count += page.Count;
            after = (page[^1].CreatedAt, page[^1].Id);
        }
    }

    private static ExportedRecord Encode(Backup backup)
    {
        var record = backup.ToRecord();
        return new ExportedRecord(backup.Service ?? "", RecordEncoder.Encode(record), record);
    }
}
