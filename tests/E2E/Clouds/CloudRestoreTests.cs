using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Clouds;
using Portal.Core.Clouds.Restore;
using Portal.Core.Clouds.Runs;
using Portal.Core.Clouds.Sync;
using Portal.Core.Clouds.Vault;
using Portal.Core.Common;
using Portal.Core.Records;
using Portal.Core.Tenancy;
using Portal.Tests.E2E.Web;
using Portal.Tests.Shared;

namespace Portal.Tests.E2E.Clouds;

/// <summary>Restores into the real Cinder: the drill of a lost database, what Cinder cannot take, and a restore stopped midway.</summary>
[Collection(nameof(RealOpenStackCollection))]
public sealed class CloudRestoreTests(RealOpenStack openStack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_drill_Cinder_loses_its_database_and_every_backup_comes_back_from_the_vault()
    {
        await using var host = await CloudHosts.StartAsync(openStack.PasswordCloud());
        var firstSync = await CloudHosts.CliAsync(host, "cloud", "sync", "--cloud", "lab");
        var listed = await openStack.ListAllAsync();
        var before = listed.Where(b => b.Status == "available").ToDictionary(b => b.Id);
        var vault = await host.QueryAsync(db => db.CloudBackups.AsNoTracking().ToDictionaryAsync(b => b.BackupId, Ct));

        var lossWatch = Stopwatch.StartNew();
        await RealOpenStack.ScriptAsync("cinder/reset-db.sh", [openStack.CinderDirectory]);
        var lossSeconds = lossWatch.Elapsed.TotalSeconds;
        var afterLoss = await SyncAsync(host);
        var drift = await host.Get<CloudDrift>().ReportAsync("lab", ct: Ct);
        var dry = await CloudHosts.CliAsync(host, "cloud", "restore", "--cloud", "lab", "--missing", "--dry-run");
        var stillEmpty = await openStack.ListAllAsync();
        var restoreWatch = Stopwatch.StartNew();
        var restore = await CloudHosts.CliAsync(host, "cloud", "restore", "--cloud", "lab", "--missing");
        var restoreSeconds = restoreWatch.Elapsed.TotalSeconds;
        var after = (await openStack.ListAllAsync()).ToDictionary(b => b.Id);
        var healed = await SyncAsync(host);

        Assert.True(firstSync.ExitCode == 0, firstSync.Out + firstSync.Error);
        // Every backup the vault knew is gone; it holds records of the ones Cinder could export, the
        // available ones (another test may have left one in error: known, without a record).
        Assert.Equal((0L, (long)vault.Count), (afterLoss.Listed, afterLoss.Gone));
        Assert.Equal(before.Keys.Order(), vault.Values.Where(b => b.BackupUrl is not null).Select(b => b.BackupId).Order());
        Assert.Equal(before.Count, drift.VaultOnly);
        Assert.True(dry.ExitCode == 0, dry.Out + dry.Error);
        Assert.Contains($"dry run, {before.Count} of {before.Count} record(s): would restore {before.Count},", dry.Out, StringComparison.Ordinal);
        Assert.Empty(stillEmpty);
        Assert.True(restore.ExitCode == 0, restore.Out + restore.Error);
        Assert.Contains($"restored {before.Count}, already in Cinder 0, clash 0, refused 0, failed 0", restore.Out, StringComparison.Ordinal);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (id, was) in before)
        {
            Assert.Equal(("available", was.ProjectId, was.UserId, was.Name), (after[id].Status, after[id].ProjectId, after[id].UserId, after[id].Name));
            var exported = await openStack.Cinder.ExportAsync(id, Ct);
            Assert.Equal(CloudHosts.Fields(vault[id].BackupUrl!).Remove("updated_at"), CloudHosts.Fields(exported.BackupUrl).Remove("updated_at"));
        }
        Assert.Equal((0L, 0L), (healed.Gone, healed.Failed));
        Assert.Equal(0, (await host.Get<CloudDrift>().ReportAsync("lab", ct: Ct)).VaultOnly);
        var audited = await host.QueryAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Channel == Channels.Restore).ToListAsync(Ct));
        Assert.Equal(before.Count, audited.Count(e => e.Action == AuditActions.Restore && e.Outcome == CloudRunOutcomes.Restored));
        // The drill's figures, for the record (README, the issue's closing note).
        Directory.CreateDirectory(PortalServer.ArtifactsDirectory);
        await File.WriteAllTextAsync(Path.Combine(PortalServer.ArtifactsDirectory, "drill.txt"),
            $"drill: {listed.Count} backups listed ({before.Count} available); database lost and Cinder back in {lossSeconds:N1} s; " +
            $"restored {before.Count}, failed 0, in {restoreSeconds:N1} s ({before.Count / restoreSeconds:N1} records/s)\n{firstSync.Out}{restore.Out}", Ct);
    }

    [Fact]
    public async Task Each_record_gets_its_own_answer_and_one_Cinder_cannot_take_does_not_stop_the_run()
    {
        await using var host = await CloudHosts.StartAsync(openStack.PasswordCloud());
        var listed = (await openStack.ListAllAsync()).Where(b => b.Status == "available" && b.ProjectId == openStack.ProjectId("tenant2")).Take(2).ToList();
        var present = await openStack.Cinder.ExportAsync(listed[0].Id, Ct);
        var clashing = Record(await openStack.Cinder.ExportAsync(listed[1].Id, Ct)) with { DisplayName = "another site's copy" };
        var unknownService = TestRecords.Valid() with { ProjectId = openStack.ProjectId("tenant2"), Service = "cinder.backup.drivers.nfs.NFSBackupDriver" };
        var noRole = TestRecords.Valid() with { ProjectId = openStack.ProjectId("tenant4"), Service = RealOpenStack.PosixService };
        var fresh = TestRecords.Valid() with { ProjectId = openStack.ProjectId("tenant3"), Service = RealOpenStack.PosixService, Size = 1 };
        var records = new List<CinderRecord>
        {
            present,
            new(RealOpenStack.PosixService, RecordEncoder.Encode(clashing)),
            new("cinder.backup.drivers.nfs", RecordEncoder.Encode(unknownService)),
            new(RealOpenStack.PosixService, RecordEncoder.Encode(noRole)),
            new(RealOpenStack.PosixService, RecordEncoder.Encode(fresh)),
        };

        var run = await RestoreAsync(host, new RestoreSelection { Records = records });

        var items = (await host.Get<CloudRunStore>().ItemsAsync(run.Id, Ct)).ToDictionary(i => i.BackupId);
        Assert.Equal(CloudRunStatuses.Completed, run.Status);
        Assert.Equal((1L, 1L, 1L, 1L, 1L), (run.Restored, run.Unchanged, run.Clashes, run.Refused, run.Failed));
        Assert.Equal(CloudRunOutcomes.Unchanged, items[listed[0].Id].Outcome);
        Assert.Equal((CloudRunOutcomes.Clash, ErrorCodes.CloudClash), (items[listed[1].Id].Outcome, items[listed[1].Id].Code));
        Assert.Contains("display_name", items[listed[1].Id].Message, StringComparison.Ordinal);
        Assert.Equal((CloudRunOutcomes.Failed, ErrorCodes.CloudImportFailed), (items[unknownService.Id].Outcome, items[unknownService.Id].Code));
        Assert.Contains("cannot find backup service", items[unknownService.Id].Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((CloudRunOutcomes.Refused, ErrorCodes.CloudNoRole), (items[noRole.Id].Outcome, items[noRole.Id].Code));
        Assert.Contains($"openstack role add --user admin --user-domain Default --project {openStack.ProjectId("tenant4")} admin", items[noRole.Id].Message, StringComparison.Ordinal);
        Assert.Equal(CloudRunOutcomes.Restored, items[fresh.Id].Outcome);
        Assert.Equal(("available", openStack.ProjectId("tenant3")), ((await openStack.Cinder.ShowAsync(fresh.Id, Ct))!.Status, (await openStack.Cinder.ShowAsync(fresh.Id, Ct))!.ProjectId));
        Assert.NotEqual("another site's copy", (await openStack.Cinder.ShowAsync(listed[1].Id, Ct))!.Name);
    }

    [Fact]
    public async Task A_restore_stopped_midway_resumes_and_puts_every_record_into_Cinder_once()
    {
        await using var host = await CloudHosts.StartAsync(openStack.PasswordCloud());
        var records = Enumerable.Range(0, 12)
            .Select(i => TestRecords.Valid() with { ProjectId = openStack.ProjectId("tenant1"), Service = RealOpenStack.PosixService, Size = 1, DisplayName = $"resumed-{i}" })
            .Select(r => new CinderRecord(RealOpenStack.PosixService, RecordEncoder.Encode(r))).ToList();
        var queued = await host.Get<CloudRestoreService>().QueueAsync(CloudHosts.Operator, "lab", new RestoreSelection { Records = records }, dryRun: false, Ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var stopped = await host.Get<CloudRunner>().RunAsync(queued.Value.Id, stop.Token, new SynchronousProgress(r =>
        {
            if (r.Restored >= 4)
            {
                stop.Cancel();
            }
        }));
        var resumed = await host.Get<CloudRunner>().RunAsync(queued.Value.Id, Ct);

        Assert.Equal(CloudRunStatuses.Queued, stopped!.Status);
        Assert.InRange(stopped.Restored, 4, 11);
        Assert.Equal(CloudRunStatuses.Completed, resumed!.Status);
        // Each record's own answer first: it says why one was not restored (an import stopped in flight, say).
        Assert.All(await host.Get<CloudRunStore>().ItemsAsync(queued.Value.Id, Ct),
            i => Assert.True(i.Outcome == CloudRunOutcomes.Restored, $"{i.BackupId} {i.Outcome}: {i.Code}: {i.Message}"));
        Assert.Equal((12L, 0L, 0L, 0L, 0L), (resumed.Restored, resumed.Unchanged, resumed.Clashes, resumed.Refused, resumed.Failed));
        var inCinder = (await openStack.ListAllAsync()).Where(b => b.Name?.StartsWith("resumed-", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(12, inCinder.Count);
        Assert.All(inCinder, b => Assert.Equal("available", b.Status));
    }

    private static BackupRecord Record(CinderRecord record) => RecordDecoder.Decode(record.BackupUrl).Value.Record;

    private static async Task<CloudRun> SyncAsync(CoreTestHost host)
    {
        var queued = await host.Get<CloudSyncService>().QueueAsync(CloudHosts.Operator, "lab", Ct);
        return (await host.Get<CloudRunner>().RunAsync(queued.Value.Id, Ct))!;
    }

    private static async Task<CloudRun> RestoreAsync(CoreTestHost host, RestoreSelection selection)
    {
        var queued = await host.Get<CloudRestoreService>().QueueAsync(CloudHosts.Operator, "lab", selection, dryRun: false, Ct);
        Assert.True(queued.IsSuccess, queued.IsSuccess ? null : queued.Error.Message);
        return (await host.Get<CloudRunner>().RunAsync(queued.Value.Id, Ct))!;
    }

    /// <summary>Reports on the caller's thread, at once (Progress&lt;T&gt; posts, and would report after the run).</summary>
    private sealed class SynchronousProgress(Action<CloudRun> report) : IProgress<CloudRun>
    {
        public void Report(CloudRun value) => report(value);
    }
}
