using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Tenancy;

namespace Portal.Core.Importing;

/// <summary>
/// Imports backup records (contract §3): plan against the database, then in one transaction write
/// the backup and its audit entry, or only the audit entry of the refusal. There is no
/// asynchronous phase: a backup is either committed <c>available</c> or not written at all.
/// </summary>
public sealed class ImportService(IDbContextFactory<PortalDbContext> dbFactory, ImportPlanner planner, TimeProvider clock)
{
    /// <summary>The preview and dry run: every check against the live database, nothing written (not even audit).</summary>
    public async Task<ImportPlan> PlanAsync(RequestContext context, ImportRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await planner.PlanAsync(db, context, request, clock.GetUtcNow().UtcDateTime, ct);
    }

    public async Task<ImportResult> ImportAsync(RequestContext context, ImportRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Writers take turns (across instances too), so the checks below still hold at commit.
        await using var transaction = await db.BeginWriteAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var plan = await planner.PlanAsync(db, context, request, now, ct);
        var writer = new TrackedImportWriter(db, await AuditLog.OpenWriterAsync(db, ct));
        ImportCommit.Apply(plan, writer, context, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var written = plan.Outcome is ImportOutcome.Imported or ImportOutcome.Revived or ImportOutcome.Refreshed ? plan.Row : null;
        return new ImportResult(plan, plan.Outcome.Word(), written, writer.Entry!.Sequence);
    }

    /// <summary>
    /// Records the refusal of input that never became a request (an API body that is not a backup
    /// record), keeping it byte for byte so nothing submitted is lost.
    /// </summary>
    public async Task<long> RejectUnreadableAsync(RequestContext context, ReadOnlyMemory<byte> rawInput, Error error, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        var audit = await AuditLog.OpenWriterAsync(db, ct);
        var entry = audit.Append(ImportAudit.Unreadable(context, null, error, bytes: rawInput), clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return entry.Sequence;
    }
}
