using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Clouds.Runs;
using Portal.Core.Clouds.Sync;
using Portal.Core.Clouds.Vault;
using Portal.Core.Tenancy;
using Portal.Tests.Shared;

namespace Portal.Tests.E2E.Clouds;

/// <summary>The vault: a sync keeps every record of the real Cinder, byte for byte, and follows what Cinder does.</summary>
[Collection(nameof(RealOpenStackCollection))]
public sealed class CloudSyncTests(RealOpenStack openStack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sync_keeps_every_available_record_byte_for_byte_under_its_own_owner()
    {
        await using var host = await CloudHosts.StartAsync(openStack.PasswordCloud());
        var inCinder = await openStack.ListAllAsync();

        var run = await SyncAsync(host);

        Assert.Equal(CloudRunStatuses.Completed, run.Status);
        Assert.Equal(inCinder.Count, run.Listed);
        Assert.Equal(inCinder.Count(b => b.Status == "available"), run.New);
        Assert.True(run.New > 150, $"only {run.New} new");
        Assert.Equal((0L, 0L, 0L), (run.Failed, run.Gone, run.EncodingDifferences));
        var vault = await host.QueryAsync(db => db.CloudBackups.AsNoTracking().ToDictionaryAsync(b => b.BackupId, Ct));
        var portal = await host.QueryAsync(db => db.Backups.AsNoTracking().ToDictionaryAsync(b => b.Id, Ct));
        foreach (var listed in inCinder.Where(b => b.Status == "available"))
        {
            var kept = vault[listed.Id];
            // Each export_record moves the backup's updated_at in Cinder: a later export differs in that field only.
            var exported = await openStack.Cinder.ExportAsync(listed.Id, Ct);
            Assert.Equal(CloudHosts.Fields(exported.BackupUrl).Remove("updated_at"), CloudHosts.Fields(kept.BackupUrl!).Remove("updated_at"));
            Assert.True(string.CompareOrdinal(CloudHosts.Fields(kept.BackupUrl!)["updated_at"], CloudHosts.Fields(exported.BackupUrl)["updated_at"]) <= 0);
            Assert.Equal(exported.BackupService, kept.BackupService);
            Assert.Null(kept.EncodingDifference);
            Assert.Equal(CloudPresence.InCinderAndVault, kept.Presence);
            Assert.Equal((listed.ProjectId, listed.UserId), (portal[listed.Id].ProjectId, portal[listed.Id].UserId));
            Assert.Equal((listed.ProjectId, listed.UserId), (kept.ProjectId, kept.UserId));
        }
        var drift = await host.Get<CloudDrift>().ReportAsync("lab", ct: Ct);
        foreach (var project in RealOpenStack.TenantProjects)
        {
            var counts = drift.Projects.Single(p => p.ProjectId == openStack.ProjectId(project));
            Assert.Equal(inCinder.Count(b => b.ProjectId == openStack.ProjectId(project) && b.Status == "available"), counts.InBoth);
            Assert.Equal(0, counts.VaultOnly);
        }
        var audited = await host.QueryAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Channel == Channels.Sync).ToListAsync(Ct));
        Assert.Equal(run.New, audited.Count);
        Assert.All(audited, e => Assert.Equal((AuditOutcomes.Imported, run.RequestId), (e.Outcome, e.RequestId)));
    }

    [Fact]
    public async Task The_next_sync_takes_only_what_changed_and_marks_what_Cinder_deleted_as_gone()
    {
        await using var host = await CloudHosts.StartAsync(openStack.PasswordCloud());
        var first = await SyncAsync(host);
        var before = await openStack.ListAllAsync();
        var deleted = before.First(b => b.ProjectId == openStack.ProjectId("tenant1") && b.Status == "available");
        var renamed = before.First(b => b.ProjectId == openStack.ProjectId("tenant2") && b.Status == "available");
        await openStack.DeleteAsync(deleted.Id);
        await RenameAsync(renamed.Id, "renamed in Cinder");
        var added = await openStack.Cinder.ImportAsync(openStack.ProjectId("tenant3"), RealOpenStack.NewRecord("added later"), Ct);
        await openStack.WaitUntilAvailableAsync([added]);

        var second = await SyncAsync(host);

        Assert.Equal(CloudRunStatuses.Completed, second.Status);
        Assert.Equal((1L, 1L, 1L, 0L), (second.New, second.Changed, second.Gone, second.Failed));
        Assert.Equal(first.New - 1 - 1, second.Unchanged);
        var items = await host.Get<CloudRunStore>().ItemsAsync(second.Id, Ct);
        // Backups other tests left in Cinder in another status (an import Cinder failed) are reported on every sync.
        var notAvailable = before.Where(b => b.Status != "available").Select(b => (b.Id, CloudRunOutcomes.NotAvailable));
        Assert.Equal(
            new[] { (added, CloudRunOutcomes.New), (renamed.Id, CloudRunOutcomes.Changed), (deleted.Id, CloudRunOutcomes.Gone) }.Concat(notAvailable).Order(),
            items.Select(i => (i.BackupId, i.Outcome)).Order());
        var portal = await host.QueryAsync(db => db.Backups.AsNoTracking().Where(b => b.Id == deleted.Id || b.Id == renamed.Id).ToDictionaryAsync(b => b.Id, Ct));
        Assert.False(portal[deleted.Id].Deleted);
        Assert.Equal("renamed in Cinder", portal[renamed.Id].DisplayName);
        Assert.Equal(CloudHosts.Fields((await openStack.Cinder.ExportAsync(renamed.Id, Ct)).BackupUrl).Remove("updated_at"),
            CloudHosts.Fields((await host.QueryAsync(db => db.CloudBackups.AsNoTracking().SingleAsync(b => b.BackupId == renamed.Id, Ct))).BackupUrl!).Remove("updated_at"));
        var drift = await host.Get<CloudDrift>().ReportAsync("lab", openStack.ProjectId("tenant1"), Ct);
        Assert.Equal(1, drift.VaultOnly);
        Assert.Equal(deleted.Id, Assert.Single(await host.Get<CloudDrift>().ListAsync("lab", CloudPresence.VaultOnly, ct: Ct)).BackupId);
        var refreshed = await host.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.RequestId == second.RequestId && e.BackupId == renamed.Id, Ct));
        Assert.Equal(AuditOutcomes.Refreshed, refreshed.Outcome);
    }

    [Fact]
    public async Task The_command_line_syncs_reports_and_shows_drift()
    {
        await using var host = await CloudHosts.StartAsync(openStack.ApplicationCredentialCloud());
        var report = Path.Combine(Path.GetTempPath(), $"sync-{Guid.NewGuid():N}.jsonl");
        var available = (await openStack.ListAllAsync()).Count(b => b.Status == "available");

        var sync = await CloudHosts.CliAsync(host, "cloud", "sync", "--cloud", "lab", "--report", report);
        var drift = await CloudHosts.CliAsync(host, "cloud", "drift", "--cloud", "lab");
        var list = await CloudHosts.CliAsync(host, "cloud", "list");
        var again = await CloudHosts.CliAsync(host, "cloud", "sync", "--cloud", "lab");
        var unknown = await CloudHosts.CliAsync(host, "cloud", "sync", "--cloud", "elsewhere");

        Assert.True(sync.ExitCode == 0, sync.Out + sync.Error);
        Assert.Contains($"lab: sync completed. listed", sync.Out, StringComparison.Ordinal);
        Assert.Contains($"new {available},", sync.Out, StringComparison.Ordinal);
        Assert.Equal(available, File.ReadLines(report).Count(l => l.Contains("\"outcome\":\"new\"", StringComparison.Ordinal)));
        Assert.Matches($@"total\s+{available}\s+0\s+\d+\s+0", drift.Out);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains($"lab: answers, Cinder http://127.0.0.1:", list.Out, StringComparison.Ordinal);
        Assert.Contains($"vault: {available} record(s), 0 not in Cinder", list.Out, StringComparison.Ordinal);
        Assert.Contains($"new 0, changed 0, unchanged {available},", again.Out, StringComparison.Ordinal);
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("cloud.not_found: No cloud is called 'elsewhere'. Configured clouds: lab.", unknown.Error, StringComparison.Ordinal);
        File.Delete(report);
    }

    private static async Task<CloudRun> SyncAsync(CoreTestHost host)
    {
        var syncs = host.Get<CloudSyncService>();
        var queued = await syncs.QueueAsync(CloudHosts.Operator, "lab", Ct);
        Assert.True(queued.IsSuccess, queued.IsSuccess ? null : queued.Error.Message);
        var run = await host.Get<CloudRunner>().RunAsync(queued.Value.Id, Ct);
        Assert.NotNull(run);
        Assert.True(run.Problem is null, run.Problem);
        return run;
    }

    /// <summary>Changes a backup in Cinder (its updated_at moves), as a tenant renaming it would.</summary>
    private async Task RenameAsync(string backupId, string name)
    {
        var cinder = openStack.Cinder;
        var token = await cinder.Session.TokenAsync(null, Ct);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{cinder.Session.ProjectUrl(token)}/backups/{backupId}")
        {
            // With a length: Cinder's eventlet server answers a chunked PUT with a 500.
            Content = new StringContent(JsonSerializer.Serialize(new { backup = new { name } }), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Auth-Token", token.Value);
        request.Headers.Add("OpenStack-API-Version", "volume 3.64");
        using var response = await http.SendAsync(request, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
