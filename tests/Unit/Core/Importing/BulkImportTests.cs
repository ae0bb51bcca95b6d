using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Importing;
using Portal.Core.Quotas;
using Portal.Core.Records;
using Portal.Core.Tenancy;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Importing;

/// <summary>Issue 4's bulk import: ordering, dry run, idempotency, clash, owners, quota, cancellation.</summary>
public sealed class BulkImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly RequestContext _operator = RequestContext.Operator("ops");

    private static RecordFileLine Line(int number, BackupRecord record, string service = "") => RecordLines.Line(number, record, service);

    private static IAsyncEnumerable<RecordFileLine> Lines(IEnumerable<RecordFileLine> lines) => RecordLines.Streamed(lines);

    private static async Task<(BulkProgress Progress, List<BulkItemResult> Results)> RunAsync(
        CoreTestHost host, IEnumerable<RecordFileLine> lines, BulkImportOptions options, RequestContext? context = null)
    {
        var results = new List<BulkItemResult>();
        var progress = await host.Get<BulkImportService>().ImportAsync(context ?? _operator, Lines(lines), options,
            (r, _) => { results.Add(r); return ValueTask.CompletedTask; }, ct: Ct);
        return (progress, results);
    }

    /// <summary>A full backup and two incrementals on it, as a chain.</summary>
    private static BackupRecord[] Chain()
    {
        var full = TestRecords.Valid();
        var first = TestRecords.Valid() with { ParentId = full.Id };
        var second = TestRecords.Valid() with { ParentId = first.Id };
        return [full, first, second];
    }

    [Fact]
    public async Task Import_ChildrenBeforeTheirParents_ImportsParentsFirstWithoutWarnings()
    {
        await using var host = await CoreTestHost.StartAsync();
        var chain = Chain();
        var lines = new[] { Line(1, chain[2]), Line(2, chain[1]), Line(3, chain[0]) };

        var (progress, results) = await RunAsync(host, lines, new BulkImportOptions { KeepRecordOwner = true, BatchSize = 2 });

        Assert.Equal(3, progress.Imported);
        Assert.Equal([3, 2, 1], results.Select(r => r.Line));
        Assert.All(results, r => Assert.Empty(r.Warnings));
        var audit = await host.QueryAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.BackupId).ToListAsync(Ct));
        Assert.Equal(chain.Select(r => r.Id), audit);
    }

    [Fact]
    public async Task Import_ChildWhoseParentIsNowhere_ImportsWithAWarning()
    {
        await using var host = await CoreTestHost.StartAsync();
        var orphan = TestRecords.Valid() with { ParentId = Guid.NewGuid().ToString() };

        var (progress, results) = await RunAsync(host, [Line(1, orphan)], new BulkImportOptions { KeepRecordOwner = true });

        Assert.Equal(1, progress.Imported);
        Assert.Contains(results.Single().Warnings, w => w.Contains(orphan.ParentId!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DryRun_ReportsWhatWouldHappenAndWritesNothing()
    {
        await using var host = await CoreTestHost.StartAsync();
        var chain = Chain();
        var lines = new[] { Line(1, chain[2]), Line(2, chain[0]), Line(3, chain[1]), Line(4, chain[0]), new RecordFileLine(5, "junk", null, new Error(ErrorCodes.NotJson, "not a record")) };

        var (progress, results) = await RunAsync(host, lines, new BulkImportOptions { KeepRecordOwner = true, DryRun = true });

        Assert.Equal((3L, 1L, 1L), (progress.Imported, progress.Unchanged, progress.Rejected));
        Assert.All(results.Where(r => r.Outcome == AuditOutcomes.Imported), r => Assert.Empty(r.Warnings));
        Assert.Equal(0, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
        Assert.Equal(0, await host.QueryAsync(db => db.AuditEntries.CountAsync(Ct)));
    }

    [Fact]
    public async Task Import_TheSameFileTwice_CreatesNothingNewAndReportsEachAsUnchanged()
    {
        await using var host = await CoreTestHost.StartAsync();
        var lines = Chain().Select((r, i) => Line(i + 1, r)).ToList();
        await RunAsync(host, lines, new BulkImportOptions { KeepRecordOwner = true });

        var (progress, results) = await RunAsync(host, lines, new BulkImportOptions { KeepRecordOwner = true });

        Assert.Equal((3L, 0L), (progress.Unchanged, progress.Imported));
        Assert.All(results, r => Assert.Null(r.Code));
        Assert.Equal(3, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
        var repeats = await host.QueryAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).Skip(3).ToListAsync(Ct));
        // The audit log says what the report says: nothing changed, and nothing was wrong.
        Assert.All(repeats, e => Assert.Equal((AuditOutcomes.Unchanged, (string?)null, (byte[]?)null), (e.Outcome, e.ErrorCode, e.RawInput)));
    }

    [Fact]
    public async Task Import_SameIdWithOtherContent_IsAClash()
    {
        await using var host = await CoreTestHost.StartAsync();
        var record = TestRecords.Valid();
        await RunAsync(host, [Line(1, record)], new BulkImportOptions { KeepRecordOwner = true });

        var (progress, results) = await RunAsync(host, [Line(1, record with { DisplayName = "changed" })], new BulkImportOptions { KeepRecordOwner = true });

        Assert.Equal(1, progress.Rejected);
        Assert.Equal(ErrorCodes.AlreadyExists, results.Single().Code);
        Assert.Equal("nightly", (await host.QueryAsync(db => db.Backups.SingleAsync(Ct))).DisplayName);
    }

    [Fact]
    public async Task Import_KeepingOwnersOrForAProject_SetsTheOwnerOfEachBackup()
    {
        await using var host = await CoreTestHost.StartAsync();
        var kept = TestRecords.Valid();
        var moved = TestRecords.Valid();

        await RunAsync(host, [Line(1, kept)], new BulkImportOptions { KeepRecordOwner = true });
        await RunAsync(host, [Line(1, moved)], new BulkImportOptions { TargetProjectId = "site-b" });

        var owners = await host.QueryAsync(db => db.Backups.ToDictionaryAsync(b => b.Id, b => (b.ProjectId, b.UserId), Ct));
        Assert.Equal((kept.ProjectId!, kept.UserId!), owners[kept.Id]);
        Assert.Equal(("site-b", "ops"), owners[moved.Id]);
    }

    [Fact]
    public async Task Import_QuotaAcrossBatches_StopsAtTheLimit()
    {
        await using var host = await CoreTestHost.StartAsync(CoreTestHost.NfsService.Append(KeyValuePair.Create("Quotas:Default:Backups", (string?)"3")));
        var lines = Enumerable.Range(1, 5).Select(i => Line(i, TestRecords.Valid())).ToList();

        var (progress, results) = await RunAsync(host, lines, new BulkImportOptions { TargetProjectId = "p", BatchSize = 2 });

        Assert.Equal((3L, 2L), (progress.Imported, progress.Rejected));
        Assert.All(results.Skip(3), r => Assert.Equal(ErrorCodes.OverQuota, r.Code));
    }

    [Fact]
    public async Task Import_QuotaUsedByAnotherWriterBetweenBatches_IsCountedBeforeTheNextBatch()
    {
        await using var host = await CoreTestHost.StartAsync(CoreTestHost.NfsService.Append(KeyValuePair.Create("Quotas:Default:Backups", (string?)"4")));
        var lines = Enumerable.Range(1, 6).Select(i => Line(i, TestRecords.Valid())).ToList();
        var elsewhere = new List<ImportResult>();

        // After the first batch, two imports through another door (another instance) take quota.
        var progress = await host.Get<BulkImportService>().ImportAsync(_operator, Lines(lines),
            new BulkImportOptions { TargetProjectId = "p", BatchSize = 2 }, (_, _) => ValueTask.CompletedTask,
            afterBatch: async (_, ct) =>
            {
                while (elsewhere.Count < 2)
                {
                    elsewhere.Add(await host.Get<ImportService>().ImportAsync(Contexts.Admin(),
                        new ImportRequest("", TestRecords.Url(TestRecords.Valid())) { TargetProjectId = "p" }, ct));
                }
            }, ct: Ct);

        Assert.All(elsewhere, r => Assert.Equal(AuditOutcomes.Imported, r.Outcome));
        Assert.Equal((2L, 4L), (progress.Imported, progress.Rejected));
        Assert.Equal(4, await host.QueryAsync(db => db.Backups.CountAsync(b => b.ProjectId == "p", Ct)));
        Assert.True((await host.Get<AuditLog>().VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task Import_AsMemberForAnotherProject_RejectsEveryRecordAndAuditsEach()
    {
        await using var host = await CoreTestHost.StartAsync();
        var lines = Enumerable.Range(1, 3).Select(i => Line(i, TestRecords.Valid())).ToList();

        var (progress, _) = await RunAsync(host, lines, new BulkImportOptions { TargetProjectId = "not-mine" }, Contexts.Member());

        Assert.Equal(3, progress.Rejected);
        Assert.Equal(3, await host.QueryAsync(db => db.AuditEntries.CountAsync(e => e.ErrorCode == ErrorCodes.ImportForbidden, Ct)));
    }

    [Fact]
    public async Task Import_Cancelled_KeepsTheCommittedBatchesOnly()
    {
        await using var host = await CoreTestHost.StartAsync();
        var lines = Enumerable.Range(1, 10).Select(i => Line(i, TestRecords.Valid())).ToList();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var results = new List<BulkItemResult>();

        var progress = await host.Get<BulkImportService>().ImportAsync(_operator, Lines(lines), new BulkImportOptions { TargetProjectId = "p", BatchSize = 4 },
            (r, _) =>
            {
                results.Add(r);
                if (results.Count == 4)
                {
                    cancel.Cancel();
                }
                return ValueTask.CompletedTask;
            }, ct: cancel.Token);

        Assert.True(progress.Cancelled);
        Assert.Equal(4, results.Count);
        Assert.Equal(4, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
        Assert.True((await host.Get<AuditLog>().VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task Import_WhenTheFileCannotBeReadToTheEnd_FailsWithTheReadErrorAndKeepsTheBatchesBefore()
    {
        await using var host = await CoreTestHost.StartAsync();
        var lines = Enumerable.Range(1, 6).Select(i => Line(i, TestRecords.Valid())).ToList();

        async IAsyncEnumerable<RecordFileLine> BreaksAfterFive()
        {
            await foreach (var line in Lines(lines.Take(5)))
            {
                yield return line;
            }
            throw new IOException("The disk went away.");
        }

        var failure = await Assert.ThrowsAsync<IOException>(() => host.Get<BulkImportService>().ImportAsync(_operator, BreaksAfterFive(),
            new BulkImportOptions { TargetProjectId = "p", BatchSize = 2 }, (_, _) => ValueTask.CompletedTask, ct: Ct));

        Assert.Equal("The disk went away.", failure.Message);
        Assert.Equal(4, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
        Assert.True((await host.Get<AuditLog>().VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task JournalWrites_CommitWithTheirBatch_AndRollBackWithIt()
    {
        await using var host = await CoreTestHost.StartAsync();
        var lines = Enumerable.Range(1, 4).Select(i => Line(i, TestRecords.Valid())).ToList();
        var batches = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Get<BulkImportService>().ImportAsync(_operator, Lines(lines),
            new BulkImportOptions { TargetProjectId = "p", BatchSize = 2 }, (_, _) => ValueTask.CompletedTask, null,
            new Journal(async (db, results, _, ct) =>
            {
                db.ProjectQuotas.Add(ProjectQuota.For($"batch-{++batches}", results.Count, null));
                await db.SaveChangesAsync(ct);
                return batches == 2 ? throw new InvalidOperationException("The journal's own write failed.") : false;
            }), Ct));

        Assert.Equal(["batch-1"], await host.QueryAsync(db => db.ProjectQuotas.Select(q => q.ProjectId).ToListAsync(Ct)));
        Assert.Equal(2, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
        Assert.Equal(2, await host.QueryAsync(db => db.AuditEntries.CountAsync(Ct)));
    }

    [Fact]
    public async Task AJournalAskingToStop_EndsTheRunCancelledWithTheBatchCommitted()
    {
        await using var host = await CoreTestHost.StartAsync();
        var lines = Enumerable.Range(1, 6).Select(i => Line(i, TestRecords.Valid())).ToList();

        var progress = await host.Get<BulkImportService>().ImportAsync(_operator, Lines(lines),
            new BulkImportOptions { TargetProjectId = "p", BatchSize = 2 }, (_, _) => ValueTask.CompletedTask, null,
            new Journal((_, _, counted, _) =>
            {
                Assert.Equal(2, counted.Done);
                return Task.FromResult(true);
            }), Ct);

        Assert.True(progress.Cancelled);
        Assert.Equal((2L, 2L), (progress.Done, progress.Imported));
        Assert.Equal(2, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
    }

    [Fact]
    public async Task Import_PublicVectors_MatchTheSingleImportOutcomes()
    {
        await using var host = await CoreTestHost.StartAsync(CoreTestHost.NfsService);
        var vectors = CinderVectors.All.Where(v => v.Preexisting is null
            && ((JsonArray)v.Setup["backup_services"]!).Single()!["driver"]!.GetValue<string>().Contains(".nfs.", StringComparison.Ordinal)).ToList();
        var lines = vectors.Select((v, i) => new RecordFileLine(i + 1, "", new ImportRequest(v.BackupService, v.BackupUrl), null));

        var (_, results) = await RunAsync(host, lines, new BulkImportOptions { TargetProjectId = CinderVectors.ImporterProjectId }, Contexts.Admin());

        foreach (var (vector, result) in vectors.Zip(results.OrderBy(r => r.Line)))
        {
            Assert.Equal(vector.PortalExpectsOk ? AuditOutcomes.Imported : AuditOutcomes.Rejected, result.Outcome);
            Assert.Equal(vector.PortalCodes.Count == 0 ? null : vector.PortalCodes[0], result.Code);
        }
    }

    /// <summary>A run's journal as a test writes it.</summary>
    private sealed class Journal(Func<PortalDbContext, IReadOnlyList<BulkItemResult>, BulkProgress, CancellationToken, Task<bool>> record) : IBatchJournal
    {
        public Task<bool> RecordAsync(PortalDbContext db, IReadOnlyList<BulkItemResult> results, BulkProgress progress, CancellationToken ct) =>
            record(db, results, progress, ct);
    }
}
