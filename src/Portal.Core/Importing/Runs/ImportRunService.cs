using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Tenancy;

namespace Portal.Core.Importing.Runs;

/// <summary>
/// Bulk import runs for admins, their queue and its runner: an upload is kept
/// (<see cref="ImportRunUploads"/>), a runner imports it in the background with
/// <see cref="BulkImportService"/>, and after every committed batch the run's counts and per-record
/// results are written to the database, where any page (or instance) reads them
/// (<see cref="ImportRunQueries"/>). Runs belong to no project; only admins see them.
/// </summary>
public sealed partial class ImportRunService(
    IDbContextFactory<PortalDbContext> dbFactory,
    ImportRunQueries queries,
    ImportRunUploads uploads,
    BulkImportService importer,
    IOptions<ImportRunOptions> options,
    TimeProvider clock,
    ILogger<ImportRunService> logger) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _executing = new();
    private readonly SemaphoreSlim _queued = new(0);
    private BulkInserter<ImportRunItem>? _itemInserter;

    private ImportRunOptions Options => options.Value;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Keeps the upload and queues a run of it.</summary>
    public async Task<Result<ImportRun>> StartAsync(RequestContext context, string fileName, Stream content, BulkImportOptions importOptions, CancellationToken ct = default)
    {
        if (Refusal(context, importOptions) is { } refused)
        {
            return refused;
        }
        var upload = await uploads.KeepAsync(content, ct);
        if (!upload.IsSuccess)
        {
            return upload.Error;
        }
        var (stored, bytes) = upload.Value;
        var name = Path.GetFileName(fileName);
        return await QueueAsync(ImportRun.Create(Owner(context), name.Length > 255 ? name[..255] : name, stored, bytes, importOptions, Now), ct);
    }

    /// <summary>
    /// A new run of an earlier run's file with the same target: after a dry run, the real one; after
    /// a run that did not complete, the same again. Null when there is no such run or the run does
    /// not offer it now (<see cref="ImportRun.AvailableAction"/>).
    /// </summary>
    public async Task<ImportRun?> StartAgainAsync(RequestContext context, Guid runId, bool dryRun, CancellationToken ct = default)
    {
        if (await queries.GetAsync(context, runId, ct) is not { } earlier || !earlier.MayStartAgain(dryRun))
        {
            return null;
        }
        var options = earlier.ImportOptions(Options.BatchSize) with { DryRun = dryRun };
        return await QueueAsync(ImportRun.Create(Owner(context), earlier.FileName, earlier.StoredFile, earlier.FileBytes, options, Now), ct);
    }

    /// <summary>Stops a run after its current batch (a queued run does not start). False when there is no such run.</summary>
    public async Task<bool> CancelAsync(RequestContext context, Guid runId, CancellationToken ct = default)
    {
        if (!PortalPolicy.CanAdminister(context))
        {
            return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = Now;
        await db.ImportRuns.Where(r => r.Id == runId && r.Status == ImportRunStatuses.Queued).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, ImportRunStatuses.Cancelled)
            .SetProperty(r => r.FinishedAt, now), ct);
        var found = await db.ImportRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), ct) == 1;
        // A run on this instance stops at once; one on another instance sees the flag after its batch.
        if (_executing.TryGetValue(runId, out var executing))
        {
            await executing.CancelAsync();
        }
        return found;
    }

    /// <summary>
    /// This instance's runner: marks runs lost with their instance as interrupted, then claims and
    /// executes queued runs one at a time (SQLite has one writer anyway) until <paramref name="stopping"/>.
    /// </summary>
    public async Task RunQueueAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await InterruptStaleAsync(stopping);
                while (await ClaimNextAsync(stopping) is { } run)
                {
                    await ExecuteAsync(run, stopping);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database that is away (or not migrated yet) must not take the portal down: retry.
                LogQueueUnavailable(logger, e);
            }
            try
            {
                await _queued.WaitAsync(TimeSpan.FromSeconds(5), stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Takes the oldest queued run whose file this instance can read; null when there is none.</summary>
    internal async Task<ImportRun?> ClaimNextAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var queued = await db.ImportRuns.Where(r => r.Status == ImportRunStatuses.Queued).OrderBy(r => r.CreatedAt)
            .Select(r => new { r.Id, r.StoredFile }).Take(20).ToListAsync(ct);
        foreach (var candidate in queued.Where(q => File.Exists(uploads.PathOf(q.StoredFile))))
        {
            var now = Now;
            // Conditional, so two runners never take the same run.
            var claimed = await db.ImportRuns.Where(r => r.Id == candidate.Id && r.Status == ImportRunStatuses.Queued).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ImportRunStatuses.Running)
                .SetProperty(r => r.StartedAt, now)
                .SetProperty(r => r.HeartbeatAt, now), ct);
            if (claimed == 1)
            {
                return await db.ImportRuns.AsNoTracking().SingleAsync(r => r.Id == candidate.Id, ct);
            }
        }
        return null;
    }

    /// <summary>Runs a claimed run to its end, its counts and results committed with every batch.</summary>
    internal async Task ExecuteAsync(ImportRun run, CancellationToken stopping, IProgress<ImportRun>? observer = null)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _executing[run.Id] = cancel;
        try
        {
            var path = uploads.PathOf(run.StoredFile);
            run.Counted(await CountAsync(path, cancel.Token), Now);
            await SaveProgressAsync(run, CancellationToken.None);
            if (await IsCancelRequestedAsync(run.Id))
            {
                await cancel.CancelAsync();
            }

            await using var file = File.OpenRead(path);
            var done = await importer.ImportAsync(ContextOf(run), RecordFile.ReadAsync(file, cancel.Token), run.ImportOptions(Options.BatchSize),
                (_, _) => ValueTask.CompletedTask,
                (_, _) =>
                {
                    observer?.Report(run);
                    return ValueTask.CompletedTask;
                },
                new RunJournal(this, run),
                cancel.Token);
            if (done.Cancelled && stopping.IsCancellationRequested)
            {
                run.Advance(done, Now);
                run.Stop(ImportRunStatuses.Interrupted, InterruptedProblem, Now);
            }
            else
            {
                run.Finish(done, Now);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            run.Stop(stopping.IsCancellationRequested ? ImportRunStatuses.Interrupted : ImportRunStatuses.Cancelled,
                stopping.IsCancellationRequested ? InterruptedProblem : null, Now);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever the cause (an unreadable file, a full disk), the run ends as failed and the runner goes on.
            LogRunFailed(logger, e, run.Id);
            run.Stop(ImportRunStatuses.Failed, $"The run stopped: {e.Message} Batches committed before this are kept; fix the file and start a new run.", Now);
        }
        finally
        {
            _executing.TryRemove(run.Id, out _);
        }
        await SaveProgressAsync(run, CancellationToken.None);
        observer?.Report(run);
    }

    /// <summary>Runs that say they are running but whose instance stopped writing their heartbeat.</summary>
    internal async Task<int> InterruptStaleAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = Now;
        var cutoff = now - Options.StaleAfter;
        var local = _executing.Keys.ToList();
        return await db.ImportRuns
            .Where(r => r.Status == ImportRunStatuses.Running && (r.HeartbeatAt == null || r.HeartbeatAt < cutoff) && !local.Contains(r.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ImportRunStatuses.Interrupted)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Problem, InterruptedProblem), ct);
    }

    private const string InterruptedProblem =
        "The portal stopped during this run. Batches committed before the stop are kept; start the run again to finish it (records already imported then report as unchanged).";

    private async Task<ImportRun> QueueAsync(ImportRun run, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(ct);
        _queued.Release();
        return run;
    }

    private static Error? Refusal(RequestContext context, BulkImportOptions options) =>
        !PortalPolicy.CanAdminister(context)
            ? new Error(ErrorCodes.ImportForbidden, "Bulk imports need the admin role. Import records one at a time with the import wizard, or ask an admin.")
            : !options.KeepRecordOwner && string.IsNullOrWhiteSpace(options.TargetProjectId)
                ? new Error(ErrorCodes.ImportForbidden, "Choose the project to import into, or keep each record's owner.")
                : null;

    private static ImportRunOwner Owner(RequestContext context) => new(context.UserId, context.ProjectId, context.DisplayName, context.ClientAddress);

    /// <summary>A run imports as the admin who started it, through the bulk door; its request id names the run.</summary>
    private static RequestContext ContextOf(ImportRun run) => new()
    {
        UserId = run.ActorUserId,
        ProjectId = run.ActorProjectId,
        DisplayName = run.ActorName,
        Roles = new HashSet<string> { Roles.Admin },
        Channel = Channels.Bulk,
        ClientAddress = run.ClientAddress,
        RequestId = $"req-{run.Id}",
    };

    private static async Task<long> CountAsync(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        long count = 0;
        await foreach (var _ in RecordFile.ReadAsync(file, ct))
        {
            count++;
        }
        return count;
    }

    /// <summary>Writes a batch's results and the run's counts inside the batch's transaction; returns whether an admin asked to cancel.</summary>
    /// <summary>In each batch's own transaction: the run's results and counts commit, or roll back, with its records.</summary>
    private sealed class RunJournal(ImportRunService service, ImportRun run) : IBatchJournal
    {
        public Task<bool> RecordAsync(PortalDbContext db, IReadOnlyList<BulkItemResult> results, BulkProgress progress, CancellationToken ct)
        {
            run.Advance(progress, service.Now);
            return service.SaveBatchAsync(db, run, results, ct);
        }
    }

    private async Task<bool> SaveBatchAsync(PortalDbContext db, ImportRun run, IReadOnlyList<BulkItemResult> results, CancellationToken ct)
    {
        _itemInserter ??= BulkInserter<ImportRunItem>.For(db);
        await _itemInserter.InsertAsync(db, [.. results.Select(r => ImportRunItem.From(run.Id, r))], ct);
        await UpdateProgressAsync(db, run, ct);
        return await db.ImportRuns.Where(r => r.Id == run.Id).Select(r => r.CancelRequested).SingleAsync(ct);
    }

    private async Task SaveProgressAsync(ImportRun run, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await UpdateProgressAsync(db, run, ct);
    }

    private async Task<bool> IsCancelRequestedAsync(Guid runId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.ImportRuns.Where(r => r.Id == runId).Select(r => r.CancelRequested).SingleAsync();
    }

    /// <summary>Everything the runner changes, and nothing an admin sets (the cancel flag).</summary>
    private static Task<int> UpdateProgressAsync(PortalDbContext db, ImportRun run, CancellationToken ct) =>
        db.ImportRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, run.Status)
            .SetProperty(r => r.Total, run.Total)
            .SetProperty(r => r.Done, run.Done)
            .SetProperty(r => r.Imported, run.Imported)
            .SetProperty(r => r.Revived, run.Revived)
            .SetProperty(r => r.Unchanged, run.Unchanged)
            .SetProperty(r => r.Rejected, run.Rejected)
            .SetProperty(r => r.ElapsedMilliseconds, run.ElapsedMilliseconds)
            .SetProperty(r => r.HeartbeatAt, run.HeartbeatAt)
            .SetProperty(r => r.FinishedAt, run.FinishedAt)
            .SetProperty(r => r.Problem, run.Problem), ct);

    public void Dispose() => _queued.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The import run queue cannot be read; retrying in a few seconds.")]
    private static partial void LogQueueUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import run {RunId} failed.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, Guid runId);
}
