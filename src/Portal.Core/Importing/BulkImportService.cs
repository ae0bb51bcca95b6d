using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Backups;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Quotas;
using Portal.Core.Records;
using Portal.Core.Tenancy;

namespace Portal.Core.Importing;

/// <summary>
/// Imports a whole file of records (restoring a lost database, moving backups between sites) by
/// the same rules as a single import: each record is planned by <see cref="ImportPlanner"/>; a batch
/// of records commits in one transaction with its audit entries. Parents come before their
/// incremental children whatever the file order: a child whose parent is in neither the database
/// nor the run yet waits in a spill file and is retried after the pass. Memory stays flat.
/// </summary>
public sealed class BulkImportService(
    IDbContextFactory<PortalDbContext> dbFactory, ImportPlanner planner, QuotaService quotas, DatabaseStatistics statistics, TimeProvider clock)
{
    /// <param name="report">Each record's result, in the order they commit.</param>
    /// <param name="afterBatch">The run's counts after each committed batch.</param>
    public Task<BulkProgress> ImportAsync(
        RequestContext context,
        IAsyncEnumerable<RecordFileLine> records,
        BulkImportOptions options,
        Func<BulkItemResult, CancellationToken, ValueTask> report,
        Func<BulkProgress, CancellationToken, ValueTask>? afterBatch = null,
        CancellationToken ct = default) =>
        ImportAsync(context, records, options, report, afterBatch, journal: null, ct);

    /// <summary>The same, with a journal that keeps the run's own record in each batch's transaction.</summary>
    internal async Task<BulkProgress> ImportAsync(
        RequestContext context,
        IAsyncEnumerable<RecordFileLine> records,
        BulkImportOptions options,
        Func<BulkItemResult, CancellationToken, ValueTask> report,
        Func<BulkProgress, CancellationToken, ValueTask>? afterBatch,
        IBatchJournal? journal,
        CancellationToken ct = default)
    {
        var run = new Run(context, options, report, afterBatch, journal, Stopwatch.StartNew());
        try
        {
            var pending = await PassAsync(run, records, deferChildren: true, ct);
            while (pending is { } spill && !run.Stopped)
            {
                // Retry the waiting children; when a pass places none, the rest import without their parents.
                var before = run.Progress.Done;
                pending = await PassAsync(run, spill.ReadAsync(ct), deferChildren: true, ct);
                spill.Dispose();
                if (run.Progress.Done == before && pending is { } stuck)
                {
                    pending = await PassAsync(run, stuck.ReadAsync(ct), deferChildren: false, ct);
                    stuck.Dispose();
                }
            }
            pending?.Dispose();
            await RefreshStatisticsAsync(run);
            return run.Stopped ? run.Progress with { Cancelled = true, Elapsed = run.Clock.Elapsed } : run.Progress;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The batch in flight rolled back; everything reported so far is committed.
            await RefreshStatisticsAsync(run);
            return run.Progress with { Cancelled = true, Elapsed = run.Clock.Elapsed };
        }
    }

    /// <summary>A bulk run can change the backups table by orders of magnitude: the planner should know before the next query.</summary>
    private async Task RefreshStatisticsAsync(Run run)
    {
        if (!run.Options.DryRun && run.Progress.Imported + run.Progress.Revived > 0)
        {
            await statistics.RefreshAsync(CancellationToken.None);
        }
    }

    /// <summary>One pass over records; returns the children it deferred, if any.</summary>
    private async Task<SpillFile?> PassAsync(Run run, IAsyncEnumerable<RecordFileLine> records, bool deferChildren, CancellationToken ct)
    {
        // Reading and decoding the next batches (on every core) overlaps writing this one.
        var batches = Channel.CreateBounded<DecodedBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var decoding = Task.Run(() => DecodeAsync(records, run.Options.BatchSize, batches.Writer, stop.Token), CancellationToken.None);
        SpillFile? spill = null;
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(ct))
            {
                spill = await BatchAsync(run, batch, deferChildren, spill, ct);
                if (run.Stopped)
                {
                    break;
                }
            }
            return spill;
        }
        finally
        {
            await stop.CancelAsync();
            await decoding;
        }
    }

    /// <summary>Reads batches of lines and decodes each on every core; a failure to read ends the channel with it.</summary>
    private static async Task DecodeAsync(IAsyncEnumerable<RecordFileLine> records, int batchSize, ChannelWriter<DecodedBatch> batches, CancellationToken ct)
    {
        try
        {
            var lines = new List<RecordFileLine>(batchSize);
            await foreach (var line in records.WithCancellation(ct))
            {
                lines.Add(line);
                if (lines.Count == batchSize)
                {
                    await batches.WriteAsync(DecodedBatch.Of(lines), ct);
                    lines = new List<RecordFileLine>(batchSize);
                }
            }
            if (lines.Count > 0)
            {
                await batches.WriteAsync(DecodedBatch.Of(lines), ct);
            }
            batches.Complete();
        }
        catch (Exception e)
        {
            // The writing side rethrows it: an unreadable file, or the run's cancellation.
            batches.Complete(e);
        }
    }

    /// <summary>A batch of lines with what can be worked out of each alone: its decoded record and the digest the audit log keeps.</summary>
    private sealed record DecodedBatch(List<RecordFileLine> Lines, List<Result<DecodedRecord>> Decoded, List<string> Digests)
    {
        public static DecodedBatch Of(List<RecordFileLine> lines)
        {
            var work = lines.AsParallel().AsOrdered()
                .Select(l => (Decoded: l.Request is { } request ? RecordDecoder.Decode(request.BackupUrl) : l.Error!, Digest: Sha256Text.Hex(l.Request?.BackupUrl ?? l.Text)))
                .ToList();
            return new DecodedBatch(lines, [.. work.Select(w => w.Decoded)], [.. work.Select(w => w.Digest)]);
        }
    }

    private async Task<SpillFile?> BatchAsync(Run run, DecodedBatch batch, bool deferChildren, SpillFile? spill, CancellationToken ct)
    {
        var (lines, decoded) = (batch.Lines, batch.Decoded);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A dry run writes no backups and no audit, but a run's journal keeps its report in the same transaction.
        await using var transaction = await db.BeginWriteAsync(ct);
        var facts = await BatchFacts.LoadAsync(db, run, decoded, quotas, ct);
        // A dry run is the writer that writes nothing: no audit log to append to, no rows kept.
        var audit = run.Options.DryRun ? null : await AuditLog.OpenWriterAsync(db, track: false, ct);
        if (audit is not null && audit.Tail != run.AuditTail)
        {
            // Every write of a backup appends to the audit chain, so a tail this run did not leave
            // means another writer (another instance, the wizard) wrote since the last batch: quota
            // usage counted so far may be stale and is read again, under the writer lock.
            run.Quota.Clear();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var writer = new BatchWriter(facts, audit);
        var results = new List<BulkItemResult>(lines.Count);

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Request is not { } parsed)
            {
                writer.Audit(ImportAudit.Unreadable(run.Context, run.Options.TargetProjectId, line.Error!, text: line.Text, sha256: batch.Digests[i]), now);
                results.Add(new BulkItemResult(line.LineNumber, null, AuditOutcomes.Rejected, line.Error!.Code, line.Error.Message, []));
                continue;
            }

            var request = parsed with { TargetProjectId = run.Options.TargetProjectId, KeepRecordOwner = run.Options.KeepRecordOwner, ServiceHost = run.Options.ServiceHost };
            var plan = await planner.PlanAsync(facts, run.Context, request, decoded[i], now, describeFields: false, ct);
            if (deferChildren && plan.WaitsForParent)
            {
                spill ??= new SpillFile();
                await spill.WriteAsync(line, ct);
                continue;
            }
            ImportCommit.Apply(plan, writer, run.Context, now, batch.Digests[i]);
            var error = plan.ReportedError;
            results.Add(new BulkItemResult(line.LineNumber, plan.BackupId, plan.Outcome.Word(), error?.Code, error?.Message, plan.Warnings));
        }

        if (!run.Options.DryRun)
        {
            // New rows go in through prepared inserts; revived backups are tracked updates.
            await run.Backups(db).InsertAsync(db, writer.Created, ct);
            await db.SaveChangesAsync(ct);
            await run.AuditEntries(db).InsertAsync(db, audit!.Appended, ct);
        }
        if (run.Journal is { } journal)
        {
            var progress = results.Aggregate(run.Progress, (counted, result) => counted.Count(result.Outcome)) with { Elapsed = run.Clock.Elapsed };
            run.Stopped = await journal.RecordAsync(db, results, progress, ct);
        }
        await transaction.CommitAsync(ct);
        run.AuditTail = audit?.Tail;
        foreach (var result in results)
        {
            await run.ReportAsync(result, ct);
        }
        await run.PublishAsync(ct);
        return spill;
    }

    /// <summary>The state of one run: options, counts, and the simulated writes of a dry run.</summary>
    private sealed class Run(
        RequestContext context,
        BulkImportOptions options,
        Func<BulkItemResult, CancellationToken, ValueTask> report,
        Func<BulkProgress, CancellationToken, ValueTask>? afterBatch,
        IBatchJournal? journal,
        Stopwatch clock)
    {
        public IBatchJournal? Journal { get; } = journal;

        /// <summary>The audit chain's tail as this run's last batch left it.</summary>
        public string? AuditTail { get; set; }

        /// <summary>The caller asked to stop after the last committed batch.</summary>
        public bool Stopped { get; set; }

        public RequestContext Context { get; } = context;
        public BulkImportOptions Options { get; } = options;
        public Stopwatch Clock { get; } = clock;
        public BulkProgress Progress { get; private set; } = new(0, 0, 0, 0, 0, TimeSpan.Zero);

        /// <summary>Quota usage per project as this run changes it: read once, then counted, until another writer writes.</summary>
        public Dictionary<string, (int Backups, long Gigabytes, int? BackupsLimit, int? GigabytesLimit)> Quota { get; } = [];

        private BulkInserter<Backup>? _backups;
        private BulkInserter<AuditEntry>? _auditEntries;

        public BulkInserter<Backup> Backups(PortalDbContext db) => _backups ??= BulkInserter<Backup>.For(db);

        public BulkInserter<AuditEntry> AuditEntries(PortalDbContext db) => _auditEntries ??= BulkInserter<AuditEntry>.For(db);

        /// <summary>A dry run writes nothing, so what it would have written is kept here for later records.</summary>
        public Dictionary<string, Backup> Simulated { get; } = [];

        public async ValueTask ReportAsync(BulkItemResult result, CancellationToken ct)
        {
            Progress = Progress.Count(result.Outcome) with { Elapsed = Clock.Elapsed };
            await report(result, ct);
        }

        public ValueTask PublishAsync(CancellationToken ct) => afterBatch?.Invoke(Progress with { Elapsed = Clock.Elapsed }, ct) ?? ValueTask.CompletedTask;
    }

    /// <summary>Facts for one batch: its ids and parents fetched in one query, plus what this run wrote.</summary>
    private sealed class BatchFacts(PortalDbContext db, Run run, Dictionary<string, Backup> fetched, QuotaService quotas) : IImportFacts
    {
        private readonly Dictionary<string, Backup> _written = [];

        public static async Task<BatchFacts> LoadAsync(PortalDbContext db, Run run, List<Result<DecodedRecord>> decoded, QuotaService quotas, CancellationToken ct)
        {
            var ids = decoded.Where(d => d.IsSuccess)
                .SelectMany(d => new[] { d.Value.Record.Id, d.Value.Record.ParentId })
                .OfType<string>()
                .Select(Backup.NormalizeId)
                .Distinct()
                .ToList();
            // Most ids of a restore are new: probe for them cheaply, and load only the backups that are there.
            var present = await BulkInserter<Backup>.PresentKeysAsync(db, ids, ct);
            var fetched = present.Count == 0 ? [] : await db.Backups.Where(b => present.Contains(b.Id)).ToDictionaryAsync(b => b.Id, ct);
            return new BatchFacts(db, run, fetched, quotas);
        }

        public void Written(Backup backup)
        {
            _written[backup.Id] = backup;
            if (run.Options.DryRun)
            {
                run.Simulated[backup.Id] = backup;
            }
            var (count, gigabytes, backupsLimit, gigabytesLimit) = run.Quota[backup.ProjectId];
            run.Quota[backup.ProjectId] = (count + 1, gigabytes + backup.Size, backupsLimit, gigabytesLimit);
        }

        public Task<Backup?> FindAsync(string id, CancellationToken ct) => Task.FromResult(
            _written.GetValueOrDefault(id) ?? run.Simulated.GetValueOrDefault(id) ?? fetched.GetValueOrDefault(id));

        public async Task<bool> IsPresentAsync(string id, string projectId, CancellationToken ct) =>
            await FindAsync(id, ct) is { Deleted: false } backup && backup.ProjectId == projectId;

        public async Task<QuotaImpact> QuotaAsync(string projectId, int addedBackups, long addedGigabytes, CancellationToken ct)
        {
            if (!run.Quota.TryGetValue(projectId, out var usage))
            {
                var impact = await quotas.EvaluateAsync(db, projectId, 0, 0, ct);
                usage = (impact.BackupsInUse, impact.GigabytesInUse, impact.BackupsLimit, impact.GigabytesLimit);
                run.Quota[projectId] = usage;
            }
            return new QuotaImpact(projectId, usage.BackupsLimit, usage.GigabytesLimit, usage.Backups, usage.Gigabytes, addedBackups, addedGigabytes);
        }
    }

    /// <summary>
    /// A batch's writes: new backups kept for one prepared insert, revived ones tracked, each told to
    /// the batch's facts so later records see it; entries appended to the chain. Without an audit
    /// writer it is a dry run's, which writes nothing and only lets the facts simulate.
    /// </summary>
    private sealed class BatchWriter(BatchFacts facts, AuditWriter? audit) : IImportWriter
    {
        private readonly List<Backup> _created = [];

        public IReadOnlyList<Backup> Created => _created;

        public void Add(Backup backup)
        {
            if (audit is not null)
            {
                _created.Add(backup);
            }
            facts.Written(backup);
        }

        public void Changed(Backup backup) => facts.Written(backup);

        public void Audit(AuditDraft draft, DateTime now) => audit?.Append(draft, now);
    }

    /// <summary>Records waiting for their parents, on disk rather than in memory.</summary>
    private sealed class SpillFile : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"backupportal-spill-{Guid.NewGuid():N}.jsonl");
        private StreamWriter? _writer;

        public async Task WriteAsync(RecordFileLine line, CancellationToken ct)
        {
            _writer ??= new StreamWriter(_path);
            await _writer.WriteLineAsync(JsonSerializer.Serialize(new SpilledLine(line.LineNumber, line.Request!.BackupService, line.Request.BackupUrl)).AsMemory(), ct);
        }

        public async IAsyncEnumerable<RecordFileLine> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            if (_writer is not null)
            {
                await _writer.DisposeAsync();
                _writer = null;
            }
            using var reader = new StreamReader(_path);
            while (await reader.ReadLineAsync(ct) is { } text)
            {
                var line = JsonSerializer.Deserialize<SpilledLine>(text)!;
                yield return new RecordFileLine(line.Line, text, new ImportRequest(line.Service, line.Url), null);
            }
        }

        public void Dispose()
        {
            _writer?.Dispose();
            File.Delete(_path);
        }

        private sealed record SpilledLine(int Line, string Service, string Url);
    }
}
