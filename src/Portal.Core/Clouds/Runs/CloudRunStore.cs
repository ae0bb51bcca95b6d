using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Tenancy;

namespace Portal.Core.Clouds.Runs;

/// <summary>
/// Where cloud runs wait and how a runner takes one: a cloud has at most one open run (queued or
/// running) of any kind, claimed in a write transaction (across instances: ADR 0009's writer lock).
/// </summary>
public sealed class CloudRunStore(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IDisposable
{
    /// <summary>A running run whose heartbeat is older than this was stopped with its instance: it is queued again.</summary>
    internal TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _queued = new(0);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Returns when a run was queued on this instance, or after <paramref name="timeout"/> (other instances queue too).</summary>
    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken ct) => _queued.WaitAsync(timeout, ct);

    public void Dispose() => _queued.Dispose();

    /// <summary>Adds the run (and its items) unless the cloud has an open run: then that one is the answer.</summary>
    internal async Task<(CloudRun Run, bool Added)> AddAsync(CloudRun run, IReadOnlyList<CloudRunItem> items, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        var open = await db.CloudRuns.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Cloud == run.Cloud && (r.Status == CloudRunStatuses.Queued || r.Status == CloudRunStatuses.Running), ct);
        if (open is not null)
        {
            return (open, false);
        }
        db.CloudRuns.Add(run);
        db.CloudRunItems.AddRange(items);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        _queued.Release();
        return (run, true);
    }

    /// <summary>The oldest queued run (or the one asked for) of a cloud with none running, now running; null when there is none.</summary>
    internal async Task<CloudRun?> ClaimAsync(Guid? runId, CancellationToken ct)
    {
        await RequeueStaleAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        var busy = await db.CloudRuns.Where(r => r.Status == CloudRunStatuses.Running).Select(r => r.Cloud).ToListAsync(ct);
        var run = await db.CloudRuns
            .Where(r => r.Status == CloudRunStatuses.Queued && !busy.Contains(r.Cloud) && (runId == null || r.Id == runId))
            .OrderBy(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        if (run is null)
        {
            return null;
        }
        run.Start(Now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.Entry(run).State = EntityState.Detached;
        return run;
    }

    /// <summary>Runs whose instance stopped (crashed, killed) go back to the queue and resume where they stood.</summary>
    internal async Task<int> RequeueStaleAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cutoff = Now - StaleAfter;
        return await db.CloudRuns.Where(r => r.Status == CloudRunStatuses.Running && (r.HeartbeatAt == null || r.HeartbeatAt < cutoff))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, CloudRunStatuses.Queued), ct);
    }

    public async Task<CloudRun?> FindAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CloudRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
    }

    public async Task<IReadOnlyList<CloudRun>> RecentAsync(string cloud, int count, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CloudRuns.AsNoTracking().Where(r => r.Cloud == cloud).OrderByDescending(r => r.CreatedAt).Take(count).ToListAsync(ct);
    }

    /// <summary>A run's report: everything it did or failed to do, failures first, a restore's in its order.</summary>
    public async Task<IReadOnlyList<CloudRunItem>> ItemsAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = await db.CloudRunItems.AsNoTracking().Where(i => i.RunId == runId).ToListAsync(ct);
        return [.. items.OrderBy(i => i.Outcome is CloudRunOutcomes.Failed or CloudRunOutcomes.Refused or CloudRunOutcomes.Clash ? 0 : 1)
            .ThenBy(i => i.Position).ThenBy(i => i.Outcome, StringComparer.Ordinal).ThenBy(i => i.BackupId, StringComparer.Ordinal)];
    }

    /// <summary>Writes the run's state as it is now, whatever happened to the work's own token.</summary>
    internal async Task SaveAsync(CloudRun run)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await SaveAsync(db, run, CancellationToken.None);
    }

    internal static async Task SaveAsync(PortalDbContext db, CloudRun run, CancellationToken ct)
    {
        db.CloudRuns.Update(run);
        await db.SaveChangesAsync(ct);
        db.Entry(run).State = EntityState.Detached;
    }

    /// <summary>Who a run acts as: the admin who asked, through the channel of its kind (every write it makes is audited so).</summary>
    internal static RequestContext ContextOf(CloudRun run) => new()
    {
        UserId = run.ActorUserId,
        DisplayName = run.ActorName,
        Roles = new HashSet<string> { Roles.Admin },
        Channel = run.Kind == CloudRunKinds.Restore ? Channels.Restore : Channels.Sync,
        RequestId = run.RequestId,
    };
}
