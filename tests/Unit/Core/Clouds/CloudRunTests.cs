using Microsoft.EntityFrameworkCore;
using Portal.Core.Clouds.Runs;
using Portal.Core.Clouds.Sync;
using Portal.Core.Common;
using Portal.Core.Tenancy;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Clouds;

/// <summary>
/// Cloud runs as the database keeps them: scheduled syncs, one open run per cloud, a run lost with
/// its instance taken up again, and a cloud that does not answer ending its run with the reason.
/// </summary>
public sealed class CloudRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A cloud whose Keystone does not answer (nothing listens on port 9), synced every hour.</summary>
    private static Task<CoreTestHost> StartAsync() => CoreTestHost.StartAsync(new Dictionary<string, string?>(CoreTestHost.NfsService)
    {
        ["Clouds:0:Name"] = "down",
        ["Clouds:0:AuthUrl"] = "http://127.0.0.1:9",
        ["Clouds:0:Username"] = "portal",
        ["Clouds:0:Password"] = "unused",
        ["Clouds:0:ProjectName"] = "admin",
        ["Clouds:0:SyncEvery"] = "01:00:00",
    });

    private static Task<List<CloudRun>> RunsAsync(CoreTestHost host) => host.QueryAsync(db => db.CloudRuns.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(Ct));

    [Fact]
    public async Task A_cloud_that_does_not_answer_ends_its_sync_as_failed_with_the_reason_and_the_schedule_goes_on()
    {
        await using var host = await StartAsync();
        var syncs = host.Get<CloudSyncService>();

        await syncs.QueueDueAsync(Ct);
        var ran = await host.Get<CloudRunner>().RunNextAsync(Ct);
        host.Clock.Advance(TimeSpan.FromMinutes(30));
        await syncs.QueueDueAsync(Ct);
        var notDue = await RunsAsync(host);
        host.Clock.Advance(TimeSpan.FromMinutes(31));
        await syncs.QueueDueAsync(Ct);

        var runs = await RunsAsync(host);
        Assert.True(ran);
        var failed = Assert.Single(notDue);
        Assert.Equal((CloudRunStatuses.Failed, "portal", Channels.Sync), (failed.Status, failed.ActorUserId, CloudRunStore.ContextOf(failed).Channel));
        Assert.Contains("does not answer", failed.Problem, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:9", failed.Problem, StringComparison.Ordinal);
        Assert.Equal([CloudRunStatuses.Failed, CloudRunStatuses.Queued], runs.Select(r => r.Status));
    }

    [Fact]
    public async Task A_cloud_has_one_open_run_and_a_second_request_gets_it_or_is_told_it_is_busy()
    {
        await using var host = await StartAsync();
        var admin = Contexts.Admin();

        var first = await host.Get<CloudSyncService>().QueueAsync(admin, "down", Ct);
        var second = await host.Get<CloudSyncService>().QueueAsync(admin, "down", Ct);
        var restore = await host.Get<Portal.Core.Clouds.Restore.CloudRestoreService>().QueueAsync(admin, "down", new() { Missing = true }, dryRun: true, Ct);
        var member = await host.Get<CloudSyncService>().QueueAsync(Contexts.Member(), "down", Ct);
        var unknown = await host.Get<CloudSyncService>().QueueAsync(admin, "elsewhere", Ct);

        Assert.Equal(first.Value.Id, second.Value.Id);
        Assert.Equal(ErrorCodes.CloudBusy, restore.Error.Code);
        Assert.Contains(first.Value.Id.ToString(), restore.Error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.ImportForbidden, member.Error.Code);
        Assert.Equal(ErrorCodes.CloudNotFound, unknown.Error.Code);
        Assert.Single(await RunsAsync(host));
    }

    [Fact]
    public async Task A_run_whose_instance_stopped_beating_is_taken_up_again_where_it_stood()
    {
        await using var host = await StartAsync();
        var store = host.Get<CloudRunStore>();
        var queued = await host.Get<CloudSyncService>().QueueAsync(Contexts.Admin(), "down", Ct);
        var claimed = await store.ClaimAsync(null, Ct);

        var whileBeating = await store.ClaimAsync(null, Ct);
        host.Clock.Advance(store.StaleAfter + TimeSpan.FromSeconds(1));
        var again = await store.ClaimAsync(null, Ct);

        Assert.Equal(queued.Value.Id, claimed!.Id);
        Assert.Null(whileBeating);
        Assert.Equal(queued.Value.Id, again!.Id);
        Assert.Equal(claimed.StartedAt, again.StartedAt);
        Assert.Equal(CloudRunStatuses.Running, (await store.FindAsync(queued.Value.Id, Ct))!.Status);
    }
}
