using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Common;
using Portal.Core.Importing;
using Portal.Core.Importing.Runs;
using Portal.Core.Records;
using Portal.Core.Tenancy;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Importing;

/// <summary>Issue 4's bulk import runs from the UI: kept in the database, run in the background, cancellable, reopenable.</summary>
public sealed class ImportRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly RequestContext _admin = Contexts.Admin();

    private static Task<CoreTestHost> StartHostAsync(int batchSize = 1000) =>
        CoreTestHost.StartAsync(new Dictionary<string, string?>(CoreTestHost.NfsService) { ["ImportRuns:BatchSize"] = $"{batchSize}" });

    private static MemoryStream File(IEnumerable<string> lines) => new(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

    private static string Line(BackupRecord record) => RecordFile.FormatLine("", TestRecords.Url(record));

    private static async Task<ImportRun> StartAsync(CoreTestHost host, IEnumerable<string> lines, BulkImportOptions? options = null)
    {
        var started = await host.Get<ImportRunService>().StartAsync(_admin, "records.jsonl", File(lines), options ?? new BulkImportOptions { KeepRecordOwner = true }, Ct);
        Assert.True(started.IsSuccess, started.IsSuccess ? "" : started.Error.Message);
        return started.Value;
    }

    /// <summary>What the background runner does: claim the next queued run and execute it.</summary>
    private static async Task<ImportRun> RunNextAsync(CoreTestHost host, IProgress<ImportRun>? observer = null)
    {
        var runs = host.Get<ImportRunService>();
        var claimed = await runs.ClaimNextAsync(Ct) ?? throw new InvalidOperationException("Nothing was queued.");
        await runs.ExecuteAsync(claimed, Ct, observer);
        return (await host.Get<ImportRunQueries>().GetAsync(_admin, claimed.Id, Ct))!;
    }

    [Fact]
    public async Task Run_OfAFile_KeepsCountsAndEveryRecordsResultInTheDatabase()
    {
        await using var host = await StartHostAsync(batchSize: 2);
        var valid = Enumerable.Range(0, 4).Select(_ => TestRecords.Valid()).ToList();
        var queued = await StartAsync(host, [.. valid.Select(Line), "{\"backup_service\": \"\", \"backup_url\": \"broken!\"}"]);
        Assert.Equal(ImportRunStatuses.Queued, queued.Status);

        var run = await RunNextAsync(host);

        Assert.Equal(ImportRunStatuses.Completed, run.Status);
        Assert.Equal((5L, 5L, 4L, 1L), (run.Total!.Value, run.Done, run.Imported, run.Rejected));
        var items = await host.Get<ImportRunQueries>().ListItemsAsync(_admin, run.Id, new(), Ct);
        Assert.Equal([1, 2, 3, 4, 5], items.Items.Select(i => i.Line));
        Assert.Equal(valid.Select(r => r.Id), items.Items.Take(4).Select(i => i.BackupId));
        Assert.Equal(ErrorCodes.NotBase64, items.Items[4].Code);
        // The imports are audited as the admin who started the run, through the bulk door, under the run's request id.
        var audit = await host.QueryAsync(db => db.AuditEntries.ToListAsync(Ct));
        Assert.Equal(5, audit.Count);
        Assert.All(audit, e => Assert.Equal((_admin.UserId, Channels.Bulk, $"req-{run.Id}"), (e.ActorUserId, e.Channel, e.RequestId)));
        var ofThisRun = await host.Get<AuditQueries>().ListAsync(_admin, new AuditQuery { RequestId = $"req-{run.Id}" }, Ct);
        Assert.Equal(5, ofThisRun.TotalCount);
        Assert.Equal(0, (await host.Get<AuditQueries>().ListAsync(_admin, new AuditQuery { RequestId = "req-other" }, Ct)).TotalCount);
    }

    [Fact]
    public async Task Items_FilteredByOutcomeAndCode_ListOnlyThoseAndTheCodesPresent()
    {
        await using var host = await StartHostAsync();
        var existing = TestRecords.Valid();
        await StartAsync(host, [Line(existing)]);
        await RunNextAsync(host);
        await StartAsync(host, [Line(existing), Line(existing with { DisplayName = "changed" }), Line(TestRecords.Valid()), "not json"]);
        var run = await RunNextAsync(host);
        var runs = host.Get<ImportRunService>();

        var rejected = await host.Get<ImportRunQueries>().ListItemsAsync(_admin, run.Id, new() { Outcome = AuditOutcomes.Rejected }, Ct);
        var clashes = await host.Get<ImportRunQueries>().ListItemsAsync(_admin, run.Id, new() { Code = ErrorCodes.AlreadyExists }, Ct);
        var codes = await host.Get<ImportRunQueries>().ListCodesAsync(_admin, run.Id, Ct);

        Assert.Equal([2, 4], rejected.Items.Select(i => i.Line));
        Assert.Equal(2, rejected.TotalCount);
        Assert.Equal([2], clashes.Items.Select(i => i.Line));
        Assert.Equal([ErrorCodes.AlreadyExists, ErrorCodes.NotJson], codes);
        Assert.Equal((1L, 1L, 2L), (run.Unchanged, run.Imported, run.Rejected));
    }

    [Fact]
    public async Task DryRun_ReportsEveryRecordAndWritesNoBackupsNorAudit_ThenStartAgainImportsForReal()
    {
        await using var host = await StartHostAsync();
        var records = new[] { TestRecords.Valid(), TestRecords.Valid() };
        await StartAsync(host, records.Select(Line), new BulkImportOptions { TargetProjectId = "p-9", DryRun = true });

        var dry = await RunNextAsync(host);

        Assert.Equal((ImportRunStatuses.Completed, 2L), (dry.Status, dry.Imported));
        Assert.Equal(0, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
        Assert.Equal(0, await host.QueryAsync(db => db.AuditEntries.CountAsync(Ct)));

        var real = await host.Get<ImportRunService>().StartAgainAsync(_admin, dry.Id, dryRun: false, Ct);
        var done = await RunNextAsync(host);

        Assert.Equal(real!.Id, done.Id);
        Assert.False(done.DryRun);
        Assert.Equal((dry.StoredFile, "p-9"), (done.StoredFile, done.TargetProjectId));
        Assert.Equal(2, await host.QueryAsync(db => db.Backups.CountAsync(b => b.ProjectId == "p-9", Ct)));
        // The run-state rule the run page shows, enforced: a completed dry run offers the real run
        // only, a completed real run nothing more.
        Assert.Equal((ImportRunAction.ImportForReal, ImportRunAction.None), (dry.AvailableAction, done.AvailableAction));
        Assert.Null(await host.Get<ImportRunService>().StartAgainAsync(_admin, dry.Id, dryRun: true, Ct));
        Assert.Null(await host.Get<ImportRunService>().StartAgainAsync(_admin, done.Id, dryRun: false, Ct));
    }

    [Fact]
    public async Task Cancel_DuringARun_StopsAfterTheBatchAndKeepsWhatCommitted()
    {
        await using var host = await StartHostAsync(batchSize: 2);
        var queued = await StartAsync(host, Enumerable.Range(0, 6).Select(_ => Line(TestRecords.Valid())));
        var runs = host.Get<ImportRunService>();
        var cancelAfterFirstBatch = new Observer(run =>
        {
            if (run.Done == 2)
            {
                runs.CancelAsync(_admin, queued.Id, Ct).GetAwaiter().GetResult();
            }
        });

        var run = await RunNextAsync(host, cancelAfterFirstBatch);

        Assert.Equal(ImportRunStatuses.Cancelled, run.Status);
        Assert.Equal((2L, 6L), (run.Done, run.Total!.Value));
        Assert.Equal(2, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
        Assert.Equal(2, (await host.Get<ImportRunQueries>().ListItemsAsync(_admin, run.Id, new(), Ct)).TotalCount);
        Assert.Equal(2, await host.QueryAsync(db => db.AuditEntries.CountAsync(Ct)));
    }

    [Fact]
    public async Task Cancel_OfAQueuedRun_MeansItNeverStarts()
    {
        await using var host = await StartHostAsync();
        var queued = await StartAsync(host, [Line(TestRecords.Valid())]);
        var runs = host.Get<ImportRunService>();

        Assert.True(await runs.CancelAsync(_admin, queued.Id, Ct));

        Assert.Null(await runs.ClaimNextAsync(Ct));
        Assert.Equal(ImportRunStatuses.Cancelled, (await host.Get<ImportRunQueries>().GetAsync(_admin, queued.Id, Ct))!.Status);
        Assert.Equal(0, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
    }

    [Fact]
    public async Task RunLostWithItsInstance_IsMarkedInterruptedOnceItsHeartbeatIsStale()
    {
        await using var host = await StartHostAsync();
        var queued = await StartAsync(host, [Line(TestRecords.Valid())]);
        var runs = host.Get<ImportRunService>();
        await runs.ClaimNextAsync(Ct);

        Assert.Equal(0, await runs.InterruptStaleAsync(Ct));
        host.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await runs.InterruptStaleAsync(Ct));

        var run = (await host.Get<ImportRunQueries>().GetAsync(_admin, queued.Id, Ct))!;
        Assert.Equal(ImportRunStatuses.Interrupted, run.Status);
        Assert.Contains("start the run again", run.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_ForAnyoneButAnAdmin_DoNotExistAndCannotBeStarted()
    {
        await using var host = await StartHostAsync();
        var queued = await StartAsync(host, [Line(TestRecords.Valid())]);
        var runs = host.Get<ImportRunService>();
        var member = Contexts.Member();

        var started = await runs.StartAsync(member, "x.jsonl", File([Line(TestRecords.Valid())]), new BulkImportOptions { KeepRecordOwner = true }, Ct);

        Assert.Equal(ErrorCodes.ImportForbidden, started.Error.Code);
        Assert.Null(await host.Get<ImportRunQueries>().GetAsync(member, queued.Id, Ct));
        Assert.Empty((await host.Get<ImportRunQueries>().ListAsync(member, 0, 50, Ct)).Items);
        Assert.Empty((await host.Get<ImportRunQueries>().ListItemsAsync(member, queued.Id, new(), Ct)).Items);
        Assert.False(await runs.CancelAsync(member, queued.Id, Ct));
        Assert.Null(await runs.StartAgainAsync(member, queued.Id, dryRun: false, Ct));
        Assert.Single((await host.Get<ImportRunQueries>().ListAsync(_admin, 0, 50, Ct)).Items);
    }

    [Fact]
    public async Task Start_WithoutATarget_AsksForOneAndKeepsNothing()
    {
        await using var host = await StartHostAsync();

        var started = await host.Get<ImportRunService>().StartAsync(_admin, "x.jsonl", File([Line(TestRecords.Valid())]), new BulkImportOptions(), Ct);

        Assert.Equal(ErrorCodes.ImportForbidden, started.Error.Code);
        Assert.Contains("Choose the project", started.Error.Message, StringComparison.Ordinal);
        Assert.Empty((await host.Get<ImportRunQueries>().ListAsync(_admin, 0, 50, Ct)).Items);
    }

    [Fact]
    public async Task Start_OfAFileLargerThanAllowed_IsRefusedAndNothingIsKept()
    {
        await using var host = await CoreTestHost.StartAsync(new Dictionary<string, string?>(CoreTestHost.NfsService) { ["ImportRuns:MaxUploadBytes"] = "100" });
        var runs = host.Get<ImportRunService>();

        var started = await runs.StartAsync(_admin, "big.jsonl", File([Line(TestRecords.Valid())]), new BulkImportOptions { KeepRecordOwner = true }, Ct);

        Assert.Equal(ErrorCodes.TooLarge, started.Error.Code);
        Assert.Contains("import --file", started.Error.Message, StringComparison.Ordinal);
        Assert.Empty((await host.Get<ImportRunQueries>().ListAsync(_admin, 0, 50, Ct)).Items);
        Assert.Empty(Directory.GetFiles(host.Settings["ImportRuns:Directory"]!));
    }

    [Fact]
    public async Task Run_WhoseFileIsGone_FailsWithAReasonAndTheRunnerGoesOn()
    {
        await using var host = await StartHostAsync();
        var queued = await StartAsync(host, [Line(TestRecords.Valid())]);
        var runs = host.Get<ImportRunService>();
        var claimed = (await runs.ClaimNextAsync(Ct))!;
        System.IO.File.Delete(Path.Combine(host.Settings["ImportRuns:Directory"]!, claimed.StoredFile));

        await runs.ExecuteAsync(claimed, Ct);

        var run = (await host.Get<ImportRunQueries>().GetAsync(_admin, queued.Id, Ct))!;
        Assert.Equal(ImportRunStatuses.Failed, run.Status);
        Assert.StartsWith("The run stopped:", run.Problem, StringComparison.Ordinal);
    }

    /// <summary>Reports synchronously, on the runner's own thread (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class Observer(Action<ImportRun> onReport) : IProgress<ImportRun>
    {
        public void Report(ImportRun value) => onReport(value);
    }

    [Fact]
    public async Task RunQueue_WhileTheDatabaseIsUnreadable_KeepsRetryingAndStopsWhenAsked()
    {
        await using var host = await StartHostAsync();
        await host.ExecuteAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE import_run_items; DROP TABLE import_runs;", Ct));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var queue = host.Get<ImportRunService>().RunQueueAsync(stop.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(300), Ct);

        Assert.False(queue.IsCompleted);
        await stop.CancelAsync();
        await queue.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(queue.IsCompletedSuccessfully);
    }
}
