using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Auditing;
using Portal.Core.Backups;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Clouds.Runs;
using Portal.Core.Clouds.Vault;
using Portal.Core.Importing;
using Portal.Core.Tenancy;

namespace Portal.Core.Clouds.Sync;

/// <summary>
/// Keeps a cloud's backup records in the vault (issue 14): lists every backup of every project,
/// fetches Cinder's record of each available one that is new or changed, and keeps it through the
/// one import path, under the backup's own owner and exactly as Cinder recorded it. What the
/// listing no longer has is marked gone; the vault keeps it.
/// </summary>
public sealed partial class CloudSyncService(
    IDbContextFactory<PortalDbContext> dbFactory,
    CloudRegistry clouds,
    CloudRunStore queue,
    ImportPlanner planner,
    TimeProvider clock,
    ILogger<CloudSyncService> logger)
{
    /// <summary>Backups per listing page, and per vault transaction.</summary>
    internal const int PageSize = 200;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Queues a sync of <paramref name="cloud"/> for <paramref name="context"/> (an admin), or returns
    /// the cloud's open run: a cloud runs one thing at a time.
    /// </summary>
    public async Task<Result<CloudRun>> QueueAsync(RequestContext context, string cloud, CancellationToken ct = default)
    {
        if (!PortalPolicy.CanAdminister(context))
        {
            return new Error(ErrorCodes.ImportForbidden, "Syncing a cloud needs the admin role.");
        }
        var found = clouds.Find(cloud);
        if (!found.IsSuccess)
        {
            return found.Error;
        }
        return (await queue.AddAsync(CloudRun.Create(cloud, CloudRunKinds.Sync, context, Now), [], ct)).Run;
    }

    /// <summary>Queues a sync of every cloud whose <see cref="CloudOptions.SyncEvery"/> has passed since its last one.</summary>
    public async Task QueueDueAsync(CancellationToken ct)
    {
        foreach (var session in clouds.Sessions.Where(s => s.Options.SyncEvery is not null))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var last = await db.CloudRuns.AsNoTracking().Where(r => r.Cloud == session.Name && r.Kind == CloudRunKinds.Sync)
                .OrderByDescending(r => r.CreatedAt).Select(r => (DateTime?)r.CreatedAt).FirstOrDefaultAsync(ct);
            if (last is null || Now - last >= session.Options.SyncEvery)
            {
                await QueueAsync(Scheduler(session.Name), session.Name, ct);
            }
        }
    }

    /// <summary>Runs a claimed sync to its end (<see cref="CloudRunner"/>).</summary>
    internal async Task<CloudRun> ExecuteAsync(CloudRun run, CancellationToken stopping, IProgress<CloudRun>? progress = null)
    {
        var found = clouds.Find(run.Cloud);
        if (!found.IsSuccess)
        {
            return await FinishAsync(run, CloudRunStatuses.Failed, found.Error.Message);
        }
        var cinder = found.Value;
        var context = CloudRunStore.ContextOf(run);
        try
        {
            string? marker = run.Marker;
            var parents = new HashSet<string>(StringComparer.Ordinal);
            do
            {
                var watch = Stopwatch.StartNew();
                var waited = Stopwatch.StartNew();
                var page = await ListAsync(cinder, marker, stopping);
                var records = await ExportAsync(cinder, page.Backups, force: false, stopping);
                waited.Stop();
                marker = page.NextMarker;
                await KeepPageAsync(run, context, page.Backups, records, marker ?? (page.Backups.Count > 0 ? page.Backups[^1].Id : null), parents, watch, waited.Elapsed, stopping);
                progress?.Report(run);
            }
            while (marker is not null);
            await RefreshParentsAsync(cinder, run, context, parents, stopping);
            await SweepGoneAsync(run, stopping);
            return await FinishAsync(run, CloudRunStatuses.Completed, null);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped with the portal: queued again, it resumes from its last committed page.
            run.Requeue("The portal stopped during this sync; it resumes from its last page.");
            await queue.SaveAsync(run);
            return run;
        }
        catch (CloudException e)
        {
            LogSyncFailed(logger, run.Cloud, e.Error.Message);
            return await FinishAsync(run, CloudRunStatuses.Failed, $"{e.Error.Message} Records kept before this stay in the vault; the next sync goes on from here.");
        }
    }

    /// <summary>A page of the listing; a marker Cinder no longer knows (that backup was deleted meanwhile) starts the listing over.</summary>
    private static async Task<CinderBackupPage> ListAsync(CinderClient cinder, string? marker, CancellationToken ct)
    {
        try
        {
            return await cinder.ListAsync(marker, PageSize, ct);
        }
        catch (CloudException e) when (marker is not null && CinderClient.StatusOf(e) is 400 or 404)
        {
            return await cinder.ListAsync(null, PageSize, ct);
        }
    }

    /// <summary>
    /// A new incremental backup raises its parent's num_dependent_backups, which Cinder's list does
    /// not show (has_dependent_backups changes only for the first): the parents of the incrementals
    /// this run took are exported again, so the vault restores each chain as Cinder holds it.
    /// </summary>
    private async Task RefreshParentsAsync(CinderClient cinder, CloudRun run, RequestContext context, HashSet<string> parents, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var shown = new List<CinderBackup>();
        foreach (var parent in parents)
        {
            if (await cinder.ShowAsync(parent, ct) is { Status: BackupStatus.Available } backup)
            {
                shown.Add(backup);
            }
        }
        if (shown.Count == 0)
        {
            return;
        }
        var records = await ExportAsync(cinder, shown, force: true, ct);
        var waited = watch.Elapsed;
        await KeepPageAsync(run, context, shown, records, run.Marker, [], watch, waited, ct, relisted: true);
    }

    /// <summary>Fetches the records the vault needs for one page, a few at a time; a failure is kept per backup.</summary>
    private async Task<ConcurrentDictionary<string, Result<CinderRecord>>> ExportAsync(CinderClient cinder, IReadOnlyList<CinderBackup> listed, bool force, CancellationToken ct)
    {
        var results = new ConcurrentDictionary<string, Result<CinderRecord>>(StringComparer.Ordinal);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = listed.Select(b => b.Id.ToLowerInvariant()).ToList();
        var known = await db.CloudBackups.AsNoTracking().Where(b => b.Cloud == cinder.Session.Name && ids.Contains(b.BackupId)).ToDictionaryAsync(b => b.BackupId, ct);
        var needed = listed.Where(b => force || known.GetValueOrDefault(b.Id.ToLowerInvariant()) is not { } row
            ? b.Status == BackupStatus.Available
            : row.NeedsExport(b, wasGone: row.GoneAt is not null)).ToList();
        await Parallel.ForEachAsync(needed, new ParallelOptions { MaxDegreeOfParallelism = cinder.Session.Options.Parallelism, CancellationToken = ct }, async (backup, token) =>
        {
            try
            {
                results[backup.Id] = await cinder.ExportAsync(backup.Id, token);
            }
            catch (CloudException e)
            {
                results[backup.Id] = e.Error;
            }
        });
        return results;
    }

    /// <summary>One page into the vault, in one transaction with the run's counts and marker.</summary>
    /// <param name="marker">Where a resumed run lists on from, committed with the page.</param>
    /// <param name="parents">Collects the parents of the incrementals taken, for <see cref="RefreshParentsAsync"/>.</param>
    /// <param name="relisted">Backups listed already in this run (parents taken again): not counted twice.</param>
    private async Task KeepPageAsync(CloudRun run, RequestContext context, IReadOnlyList<CinderBackup> backups, ConcurrentDictionary<string, Result<CinderRecord>> records,
        string? marker, HashSet<string> parents, Stopwatch watch, TimeSpan waited, CancellationToken ct, bool relisted = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        var now = Now;
        var ids = backups.Select(b => b.Id.ToLowerInvariant()).ToList();
        var rows = await db.CloudBackups.Where(b => b.Cloud == run.Cloud && ids.Contains(b.BackupId)).ToDictionaryAsync(b => b.BackupId, ct);
        var writer = new TrackedImportWriter(db, await AuditLog.OpenWriterAsync(db, ct));
        var counts = new CloudSyncCounts { Listed = relisted ? 0 : backups.Count };
        foreach (var listed in backups)
        {
            var id = listed.Id.ToLowerInvariant();
            if (!rows.TryGetValue(id, out var row))
            {
                row = CloudBackup.Seen(run.Cloud, listed, run.Id, now);
                rows[id] = row;
                db.CloudBackups.Add(row);
            }
            var heldBefore = row.InVault;
            row.Listed(listed, run.Id, now);
            var (outcome, error) = records.TryGetValue(listed.Id, out var exported)
                ? await KeepAsync(db, writer, context, row, listed, exported, run.Cloud, parents, counts, now, ct)
                : row.InVault ? (CloudRunOutcomes.Unchanged, null)
                : (CloudRunOutcomes.NotAvailable, new Error(ErrorCodes.CloudRefused, $"Cinder lists it as '{listed.Status}'; only available backups can be exported."));
            if (outcome == CloudRunOutcomes.Kept)
            {
                outcome = heldBefore ? CloudRunOutcomes.Changed : CloudRunOutcomes.New;
            }
            // Parents taken again are counted where they were listed.
            if (!relisted)
            {
                counts.Tally(outcome);
                if (outcome != CloudRunOutcomes.Unchanged)
                {
                    db.CloudRunItems.Add(CloudRunItem.Of(run.Id, id, row.ProjectId, outcome, outcome == CloudRunOutcomes.Failed ? error?.Code : null, error?.Message));
                }
            }
        }
        await db.SaveChangesAsync(ct);
        run.Count(counts, marker, watch.Elapsed, waited, now);
        await CloudRunStore.SaveAsync(db, run, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// One exported record into the vault through the one import path (under its own owner, as
    /// Cinder recorded it) and checked against the portal's encoding. The outcome is
    /// <see cref="CloudRunOutcomes.Kept"/>, <see cref="CloudRunOutcomes.Unchanged"/> or <see cref="CloudRunOutcomes.Failed"/>.
    /// </summary>
    private async Task<(string Outcome, Error? Error)> KeepAsync(PortalDbContext db, TrackedImportWriter writer, RequestContext context, CloudBackup row, CinderBackup listed,
        Result<CinderRecord> exported, string cloud, HashSet<string> parents, CloudSyncCounts counts, DateTime now, CancellationToken ct)
    {
        if (!exported.IsSuccess)
        {
            row.Failed(exported.Error.Message);
            return (CloudRunOutcomes.Failed, exported.Error);
        }
        var record = exported.Value;
        var plan = await planner.PlanAsync(db, context, new ImportRequest(record.BackupService, record.BackupUrl) { KeepRecordOwner = true, FromCloud = cloud }, now, ct);
        ImportCommit.Apply(plan, writer, context, now);
        if (plan.Outcome == ImportOutcome.Rejected)
        {
            row.Failed(plan.Error!.Message);
            return (CloudRunOutcomes.Failed, plan.Error);
        }
        var difference = EncodingCheck.Difference(record.BackupUrl, Backup.Import(plan.Decoded!.Record, plan.Owner!, plan.Service!, now, asRecorded: true));
        if (difference is not null)
        {
            counts.EncodingDifferences++;
            LogEncodingDiffers(logger, cloud, row.BackupId, difference);
        }
        var wasInVault = row.InVault;
        row.Exported(listed, record, Sha256Text.Hex(record.BackupUrl), difference, plan.Owner!.ProjectId, plan.Owner.UserId, now);
        if (!wasInVault && plan.Decoded.Record.ParentId is { } parent)
        {
            parents.Add(parent.ToLowerInvariant());
        }
        return (plan.Outcome == ImportOutcome.Unchanged ? CloudRunOutcomes.Unchanged : CloudRunOutcomes.Kept, difference is null ? null : new Error(ErrorCodes.CloudRefused, difference));
    }

    /// <summary>What this run (resumed or not) did not list is gone from Cinder; the vault keeps its record.</summary>
    private async Task SweepGoneAsync(CloudRun run, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.BeginWriteAsync(ct);
        var now = Now;
        var gone = await db.CloudBackups.Where(b => b.Cloud == run.Cloud && b.GoneAt == null && b.LastSeenRunId != run.Id).ToListAsync(ct);
        foreach (var row in gone)
        {
            row.MarkGone(now);
            db.CloudRunItems.Add(CloudRunItem.Of(run.Id, row.BackupId, row.ProjectId, CloudRunOutcomes.Gone,
                message: row.InVault ? "No longer in Cinder; the vault keeps its record." : "No longer in Cinder, which never had it available to export."));
        }
        await db.SaveChangesAsync(ct);
        run.Count(new CloudSyncCounts { Gone = gone.Count }, null, TimeSpan.Zero, TimeSpan.Zero, now);
        await CloudRunStore.SaveAsync(db, run, ct);
        await transaction.CommitAsync(ct);
    }

    private async Task<CloudRun> FinishAsync(CloudRun run, string status, string? problem)
    {
        run.Finish(status, problem, Now);
        await queue.SaveAsync(run);
        return run;
    }

    /// <summary>Who a scheduled sync runs as: the portal itself, on behalf of the cloud's configuration.</summary>
    private static RequestContext Scheduler(string cloud) => new()
    {
        UserId = "portal",
        DisplayName = $"scheduled sync of {cloud}",
        Roles = new HashSet<string> { Roles.Admin },
        Channel = Channels.Sync,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sync of cloud {Cloud} failed: {Problem}")]
    private static partial void LogSyncFailed(ILogger logger, string cloud, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud {Cloud}, backup {BackupId}: {Difference}")]
    private static partial void LogEncodingDiffers(ILogger logger, string cloud, string backupId, string difference);
}
