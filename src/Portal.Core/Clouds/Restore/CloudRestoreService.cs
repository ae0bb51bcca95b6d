using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Auditing;
using Portal.Core.Clouds.Runs;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Records;
using Portal.Core.Tenancy;

namespace Portal.Core.Clouds.Restore;

/// <summary>
/// Puts records back into a cloud's Cinder (issue 14): each with <c>import_record</c> in the record's
/// own project, parents before children, polled until Cinder says available or error, and verified
/// against the record. A run is durable: what it restores, in order, is in the database before the
/// first call, and each record's step (pending, importing, done) is committed as it goes, so a run
/// stopped anywhere resumes and every record ends in Cinder once.
/// </summary>
public sealed partial class CloudRestoreService(
    IDbContextFactory<PortalDbContext> dbFactory,
    CloudRegistry clouds,
    CloudRunStore queue,
    PortalPolicy policy,
    TimeProvider clock,
    ILogger<CloudRestoreService> logger)
{
    /// <summary>Positions of one chain depth: a record's position is its depth times this plus its place.</summary>
    private const int DepthStride = 10_000_000;

    /// <summary>How long Cinder may keep an imported record in 'creating' before the portal reports it failed.</summary>
    internal TimeSpan AvailableWithin { get; set; } = TimeSpan.FromMinutes(2);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Queues a restore of <paramref name="selection"/> into <paramref name="cloud"/>, fixing now what it
    /// restores and in which order. <paramref name="dryRun"/> compares with Cinder and plans, writing nothing there.
    /// </summary>
    public async Task<Result<CloudRun>> QueueAsync(RequestContext context, string cloud, RestoreSelection selection, bool dryRun, CancellationToken ct = default)
    {
        if (!PortalPolicy.CanAdminister(context))
        {
            return new Error(ErrorCodes.ImportForbidden, "Restoring records into a cloud needs the admin role.");
        }
        return await QueueSelectedAsync(context, cloud, selection, dryRun, ct);
    }

    /// <summary>
    /// What a backup's page offers (item 5 of issue 14): when Cinder lost this backup and the caller
    /// may put it back, the cloud and the chain to restore, parents first (those Cinder lacks too).
    /// Null when there is nothing to offer this caller.
    /// </summary>
    public async Task<ChainRestore?> ChainAsync(RequestContext context, string backupId, CancellationToken ct = default)
    {
        if (!Backups.Backup.TryNormalizeId(backupId, out var id))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lost = await db.CloudBackups.AsNoTracking().Where(b => b.BackupId == id && b.BackupUrl != null && b.GoneAt != null).FirstOrDefaultAsync(ct);
        if (lost is null || !PortalPolicy.CanSee(context, lost.ProjectId ?? "") || !policy.CanRestoreIntoCloud(context, lost.ProjectId) || !clouds.Find(lost.Cloud).IsSuccess)
        {
            return null;
        }
        var chain = new List<string> { lost.BackupId };
        var current = lost;
        while (ParentOf(current) is { } parentId && chain.Count < 1000
               && await db.CloudBackups.AsNoTracking().FirstOrDefaultAsync(b => b.Cloud == lost.Cloud && b.BackupId == parentId && b.BackupUrl != null, ct) is { } parent)
        {
            // A chain lives in one project; a parent Cinder still has needs nothing.
            if (parent.ProjectId != lost.ProjectId || parent.GoneAt is null)
            {
                break;
            }
            chain.Insert(0, parent.BackupId);
            current = parent;
        }
        return new ChainRestore(lost.Cloud, lost.ProjectId, chain);
    }

    /// <summary>Queues the restore <see cref="ChainAsync"/> offers, for a member too when policy allows.</summary>
    public async Task<Result<CloudRun>> QueueChainAsync(RequestContext context, string backupId, CancellationToken ct = default)
    {
        if (await ChainAsync(context, backupId, ct) is not { } chain)
        {
            return new Error(ErrorCodes.ImportForbidden,
                "This backup cannot be put back into Cinder by you: Cinder has it, no connected cloud's vault holds it, or putting backups back is for admins here (Policy:MembersRestoreIntoCloud).");
        }
        return await QueueSelectedAsync(context, chain.Cloud, new RestoreSelection { BackupIds = chain.BackupIds }, dryRun: false, ct);
    }

    private static string? ParentOf(Vault.CloudBackup row) =>
        RecordDecoder.Decode(row.BackupUrl!) is { IsSuccess: true } decoded ? decoded.Value.Record.ParentId?.ToLowerInvariant() : null;

    private async Task<Result<CloudRun>> QueueSelectedAsync(RequestContext context, string cloud, RestoreSelection selection, bool dryRun, CancellationToken ct)
    {
        if (!clouds.Find(cloud).IsSuccess)
        {
            return clouds.Find(cloud).Error;
        }
        var records = await RecordsAsync(cloud, selection, ct);
        if (!records.IsSuccess)
        {
            return records.Error;
        }
        var run = CloudRun.CreateRestore(cloud, context, selection.Describe(), dryRun, records.Value.Count, Now);
        var items = Ordered(records.Value).Select((r, i) => CloudRunItem.ToRestore(run.Id, r.Depth * DepthStride + i, r.Id, r.ProjectId, r.Record.BackupService, r.Record.BackupUrl)).ToList();
        var (queued, added) = await queue.AddAsync(run, items, ct);
        return added ? queued : CloudErrors.Busy(cloud, queued);
    }

    /// <summary>Runs a claimed restore to its end (<see cref="CloudRunner"/>): depth by depth, records of one depth side by side.</summary>
    internal async Task<CloudRun> ExecuteAsync(CloudRun run, CancellationToken stopping, IProgress<CloudRun>? progress)
    {
        var found = clouds.Find(run.Cloud);
        if (!found.IsSuccess)
        {
            return await FinishAsync(run, CloudRunStatuses.Failed, found.Error.Message);
        }
        var cinder = found.Value;
        var context = CloudRunStore.ContextOf(run);
        var recording = new SemaphoreSlim(1, 1);
        var wall = Stopwatch.StartNew();
        var wallBefore = run.ElapsedMilliseconds;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(stopping);
            var pending = await db.CloudRunItems.AsNoTracking().Where(i => i.RunId == run.Id && (i.Outcome == CloudRunOutcomes.Pending || i.Outcome == CloudRunOutcomes.Importing))
                .OrderBy(i => i.Position).ToListAsync(stopping);
            foreach (var depth in pending.GroupBy(i => i.Position / DepthStride))
            {
                await Parallel.ForEachAsync(depth, new ParallelOptions { MaxDegreeOfParallelism = cinder.Session.Options.Parallelism, CancellationToken = stopping }, async (item, ct) =>
                {
                    (string Outcome, Error? Error) done;
                    var asking = Stopwatch.StartNew();
                    try
                    {
                        done = await RestoreAsync(cinder, run, item, recording, ct);
                    }
                    catch (CloudException e)
                    {
                        // Cinder still failing after the retries: this record fails, the others go on.
                        done = (CloudRunOutcomes.Failed, e.Error);
                    }
                    var (outcome, error) = done;
                    await RecordAsync(run, context, item, outcome, error, asking.Elapsed, wallBefore + (long)wall.Elapsed.TotalMilliseconds, recording);
                    progress?.Report(run);
                });
            }
            return await FinishAsync(run, CloudRunStatuses.Completed, null);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            run.Requeue("The portal stopped during this restore; it resumes with the records not finished.");
            await queue.SaveAsync(run);
            return run;
        }
        catch (CloudException e)
        {
            LogRestoreFailed(logger, run.Cloud, e.Error.Message);
            return await FinishAsync(run, CloudRunStatuses.Failed, $"{e.Error.Message} Records finished before this stay as reported; start a restore again for the rest.");
        }
        finally
        {
            recording.Dispose();
        }
    }

    /// <summary>One record: already in Cinder (the same, or a clash), or imported in its project, waited for and verified.</summary>
    private async Task<(string Outcome, Error? Error)> RestoreAsync(CinderClient cinder, CloudRun run, CloudRunItem item, SemaphoreSlim recording, CancellationToken ct)
    {
        var record = new CinderRecord(item.BackupService!, item.BackupUrl!);
        var importing = item.Outcome == CloudRunOutcomes.Importing;
        if (await cinder.ShowAsync(item.BackupId, ct) is { } existing)
        {
            // Asked before (the run stopped while Cinder worked on it), or there already.
            return importing && existing.Status == "creating" ? await AwaitAvailableAsync(cinder, item, record, ct)
                : importing && existing.Status == "error" ? Failed(existing)
                : await CompareAsync(cinder, item, record, existing, importing, ct);
        }
        var projectId = item.ProjectId ?? "";
        try
        {
            var token = await cinder.Session.TokenAsync(cinder.Session.Options.ApplicationCredentialId is null ? projectId : null, ct);
            if (token.ProjectId != projectId && !cinder.Session.Options.NoAuth)
            {
                return (CloudRunOutcomes.Refused, CloudErrors.NoRole(run.Cloud, projectId, null, null));
            }
        }
        catch (CloudException e) when (e.Error.Code == ErrorCodes.CloudAuthFailed)
        {
            return (CloudRunOutcomes.Refused, CloudErrors.NoRole(run.Cloud, projectId, cinder.Session.Options.Username, cinder.Session.Options.UserDomain));
        }
        if (run.DryRun)
        {
            return (CloudRunOutcomes.WouldRestore, null);
        }
        await MarkImportingAsync(item, recording);
        try
        {
            await cinder.ImportAsync(projectId, record, ct);
        }
        catch (CloudException e) when (CinderClient.StatusOf(e) is >= 400 and < 500)
        {
            // Cinder refuses a record whose backup it already has ("Backup already exists in database"): a
            // stopped run's import may have reached Cinder after the Show above, so the backup's state answers.
            if (await cinder.ShowAsync(item.BackupId, ct) is { } arrived)
            {
                return importing ? await AwaitAvailableAsync(cinder, item, record, ct) : await CompareAsync(cinder, item, record, arrived, importing: false, ct);
            }
            return (CloudRunOutcomes.Refused, e.Error);
        }
        return await AwaitAvailableAsync(cinder, item, record, ct);
    }

    /// <summary>Polls Cinder until the imported backup is available (then verified) or in error (its fail_reason).</summary>
    private async Task<(string Outcome, Error? Error)> AwaitAvailableAsync(CinderClient cinder, CloudRunItem item, CinderRecord record, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var shown = await cinder.ShowAsync(item.BackupId, ct);
            switch (shown?.Status)
            {
                case "available":
                    return await CompareAsync(cinder, item, record, shown, importing: true, ct);
                case "error":
                    return Failed(shown);
                case null:
                    return (CloudRunOutcomes.Failed, new Error(ErrorCodes.CloudImportFailed, $"Cinder accepted the record of {item.BackupId}, then no longer had the backup."));
            }
            if (deadline.Elapsed > AvailableWithin)
            {
                return (CloudRunOutcomes.Failed, new Error(ErrorCodes.CloudImportFailed,
                    $"Cinder left backup {item.BackupId} in '{shown.Status}' for {AvailableWithin.TotalSeconds:N0} s; check cinder-backup's log. A new restore picks it up again."));
            }
            await Task.Delay(pause, TimeProvider.System, ct);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 2000));
        }
    }

    /// <summary>Cinder's backup against the record: its export, field by field (but what Cinder sets itself).</summary>
    private static async Task<(string Outcome, Error? Error)> CompareAsync(CinderClient cinder, CloudRunItem item, CinderRecord record, CinderBackup shown, bool importing, CancellationToken ct)
    {
        if (shown.Status != "available")
        {
            return (CloudRunOutcomes.Clash, new Error(ErrorCodes.CloudClash, $"Cinder has backup {item.BackupId} already, in status '{shown.Status}'; it was left alone."));
        }
        var exported = await cinder.ExportAsync(item.BackupId, ct);
        var differences = RecordComparison.Differences(record.BackupUrl, exported.BackupUrl);
        if (differences.Count > 0)
        {
            return (CloudRunOutcomes.Clash, new Error(ErrorCodes.CloudClash,
                $"Cinder has backup {item.BackupId} with other content ({string.Join(", ", differences)} differ{(importing ? " after the import" : "")}); it was left alone."));
        }
        var note = RecordComparison.UserNote(record.BackupUrl, exported.BackupUrl);
        return (importing ? CloudRunOutcomes.Restored : CloudRunOutcomes.Unchanged, note is null ? null : new Error("note", note));
    }

    private static (string, Error?) Failed(CinderBackup shown) =>
        (CloudRunOutcomes.Failed, new Error(ErrorCodes.CloudImportFailed, $"Cinder could not import it: {shown.FailReason ?? "status error, no fail_reason"}"));

    /// <summary>Committed before the import is asked for: a resumed run then asks Cinder what became of it instead of importing twice.</summary>
    private async Task MarkImportingAsync(CloudRunItem item, SemaphoreSlim recording)
    {
        await recording.WaitAsync(CancellationToken.None);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.CloudRunItems.Where(i => i.RunId == item.RunId && i.BackupId == item.BackupId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Outcome, CloudRunOutcomes.Importing), CancellationToken.None);
        }
        finally
        {
            recording.Release();
        }
    }

    /// <summary>A finished record: its outcome, the run's counts and one audit entry, in one transaction.</summary>
    private async Task RecordAsync(CloudRun run, RequestContext context, CloudRunItem item, string outcome, Error? error, TimeSpan asking, long elapsedMilliseconds, SemaphoreSlim recording)
    {
        await recording.WaitAsync(CancellationToken.None);
        var own = Stopwatch.StartNew();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await using var transaction = await db.BeginWriteAsync(CancellationToken.None);
            var now = Now;
            var stored = await db.CloudRunItems.SingleAsync(i => i.RunId == item.RunId && i.BackupId == item.BackupId);
            stored.Finish(outcome, error?.Code, error?.Message);
            var audit = await AuditLog.OpenWriterAsync(db, CancellationToken.None);
            audit.Append(new AuditDraft(context, AuditActions.Restore, outcome)
            {
                TargetProjectId = item.ProjectId,
                BackupId = item.BackupId,
                BackupService = item.BackupService,
                BackupUrl = item.BackupUrl,
                Error = error is { Code: not "note" } ? error : null,
            }, now);
            run.CountRestored(outcome, now);
            await db.SaveChangesAsync();
            run.Timed(elapsedMilliseconds, asking, own.Elapsed);
            await CloudRunStore.SaveAsync(db, run, CancellationToken.None);
            await transaction.CommitAsync();
        }
        finally
        {
            recording.Release();
        }
    }

    private async Task<CloudRun> FinishAsync(CloudRun run, string status, string? problem)
    {
        run.Finish(status, problem, Now);
        await queue.SaveAsync(run);
        return run;
    }

    /// <summary>The records of a selection, with the id and project each goes back under.</summary>
    private async Task<Result<List<(string Id, string? ProjectId, string? ParentId, CinderRecord Record)>>> RecordsAsync(string cloud, RestoreSelection selection, CancellationToken ct)
    {
        var records = new List<(string, string?, string?, CinderRecord)>();
        if (selection.Records is { } file)
        {
            foreach (var (record, line) in file.Select((r, i) => (r, i + 1)))
            {
                var decoded = RecordDecoder.Decode(record.BackupUrl);
                if (!decoded.IsSuccess)
                {
                    return new Error(decoded.Error.Code, $"Record {line} of the file cannot be restored: {decoded.Error.Message} Nothing was queued.");
                }
                var r = decoded.Value.Record;
                records.Add((r.Id.ToLowerInvariant(), r.ProjectId, r.ParentId?.ToLowerInvariant(), record));
            }
            return records.DistinctBy(r => r.Item1).ToList();
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.CloudBackups.AsNoTracking().Where(b => b.Cloud == cloud && b.BackupUrl != null);
        if (selection.BackupIds.Count > 0)
        {
            var ids = selection.BackupIds.Select(i => i.ToLowerInvariant()).ToList();
            rows = rows.Where(b => ids.Contains(b.BackupId));
        }
        rows = selection.Missing ? rows.Where(b => b.GoneAt != null) : rows;
        rows = selection.ProjectId is { } project ? rows.Where(b => b.ProjectId == project) : rows;
        var kept = await rows.Select(b => new { b.BackupId, b.ProjectId, b.BackupService, b.BackupUrl }).ToListAsync(ct);
        var unknown = selection.BackupIds.Select(i => i.ToLowerInvariant()).Except(kept.Select(k => k.BackupId)).ToList();
        if (unknown.Count > 0)
        {
            return new Error(ErrorCodes.BackupNotFound, $"The vault of cloud '{cloud}' holds no record of {string.Join(", ", unknown.Take(5))}{(unknown.Count > 5 ? $" and {unknown.Count - 5} more" : "")}. Run a sync first, or restore from a file.");
        }
        foreach (var k in kept)
        {
            var parent = RecordDecoder.Decode(k.BackupUrl!) is { IsSuccess: true } d ? d.Value.Record.ParentId?.ToLowerInvariant() : null;
            records.Add((k.BackupId, k.ProjectId, parent, new CinderRecord(k.BackupService ?? "", k.BackupUrl!)));
        }
        return records;
    }

    /// <summary>Parents before their incrementals: each record's depth in the chains the selection holds.</summary>
    private static IEnumerable<(string Id, string? ProjectId, int Depth, CinderRecord Record)> Ordered(List<(string Id, string? ProjectId, string? ParentId, CinderRecord Record)> records)
    {
        var parents = records.ToDictionary(r => r.Id, r => r.ParentId, StringComparer.Ordinal);
        int DepthOf(string id)
        {
            var depth = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal) { id };
            while (parents.GetValueOrDefault(id) is { } parent && parents.ContainsKey(parent) && seen.Add(parent))
            {
                (id, depth) = (parent, depth + 1);
            }
            return depth;
        }
        return records.Select(r => (r.Id, r.ProjectId, DepthOf(r.Id), r.Record)).OrderBy(r => r.Item3);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The restore into cloud {Cloud} failed: {Problem}")]
    private static partial void LogRestoreFailed(ILogger logger, string cloud, string problem);
}

/// <summary>A backup Cinder lost that the caller may put back: its cloud, project and chain (parents first).</summary>
public sealed record ChainRestore(string Cloud, string? ProjectId, IReadOnlyList<string> BackupIds);
