using Microsoft.EntityFrameworkCore;
using Portal.Core.Clouds;
using Portal.Core.Clouds.Restore;
using Portal.Core.Clouds.Vault;
using Portal.Core.Common;
using Portal.Core.Records;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Clouds;

/// <summary>A backup's page offers to put a backup Cinder lost back, with the parents it needs, to whom policy allows.</summary>
public sealed class ChainRestoreTests
{
    private const string Project = "p-100";
    private static readonly string _full = Guid.NewGuid().ToString();
    private static readonly string _incremental = Guid.NewGuid().ToString();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<CoreTestHost> StartAsync(bool membersMayRestore = false, bool fullStillInCinder = false)
    {
        var host = await CoreTestHost.StartAsync(new Dictionary<string, string?>(CoreTestHost.NfsService)
        {
            ["Clouds:0:Name"] = "lab",
            ["Clouds:0:AuthUrl"] = "http://127.0.0.1:9",
            ["Clouds:0:ApplicationCredentialId"] = "id",
            ["Clouds:0:ApplicationCredentialSecret"] = "secret",
            ["Policy:MembersRestoreIntoCloud"] = membersMayRestore ? "true" : "false",
        });
        await host.ExecuteAsync(async db =>
        {
            foreach (var (record, gone) in new[]
            {
                (TestRecords.Valid(_full) with { ProjectId = Project }, !fullStillInCinder),
                (TestRecords.Valid(_incremental) with { ProjectId = Project, ParentId = _full }, true),
            })
            {
                var listed = new CinderBackup(record.Id, "available", Project, record.UserId, null, null, record.DisplayName, record.Size);
                var row = CloudBackup.Seen("lab", listed, Guid.NewGuid(), DateTime.UtcNow);
                row.Exported(listed, new CinderRecord(record.Service!, RecordEncoder.Encode(record)), "sha", null, Project, record.UserId, DateTime.UtcNow);
                if (gone)
                {
                    row.MarkGone(DateTime.UtcNow);
                }
                db.CloudBackups.Add(row);
            }
            await db.SaveChangesAsync(Ct);
        });
        return host;
    }

    [Fact]
    public async Task An_admin_is_offered_the_chain_parents_first_and_it_is_queued_in_that_order()
    {
        await using var host = await StartAsync();
        var restores = host.Get<CloudRestoreService>();

        var chain = await restores.ChainAsync(Contexts.Admin(), _incremental.ToUpperInvariant(), Ct);
        var queued = await restores.QueueChainAsync(Contexts.Admin(), _incremental, Ct);

        Assert.Equal(("lab", Project), (chain!.Cloud, chain.ProjectId));
        Assert.Equal([_full, _incremental], chain.BackupIds);
        var items = await host.QueryAsync(db => db.CloudRunItems.AsNoTracking().Where(i => i.RunId == queued.Value.Id).OrderBy(i => i.Position).Select(i => i.BackupId).ToListAsync(Ct));
        Assert.Equal([_full, _incremental], items);
        Assert.Equal("2 chosen backup(s)", queued.Value.Selection);
    }

    [Fact]
    public async Task A_member_is_offered_nothing_unless_policy_opens_it_and_then_only_in_their_project()
    {
        await using var closed = await StartAsync();
        await using var open = await StartAsync(membersMayRestore: true);

        var refused = await closed.Get<CloudRestoreService>().QueueChainAsync(Contexts.Member(Project), _incremental, Ct);

        Assert.Null(await closed.Get<CloudRestoreService>().ChainAsync(Contexts.Member(Project), _incremental, Ct));
        Assert.Equal(ErrorCodes.ImportForbidden, refused.Error.Code);
        Assert.Equal([_full, _incremental], (await open.Get<CloudRestoreService>().ChainAsync(Contexts.Member(Project), _incremental, Ct))!.BackupIds);
        Assert.Null(await open.Get<CloudRestoreService>().ChainAsync(Contexts.Member("p-200"), _incremental, Ct));
        Assert.Null(await open.Get<CloudRestoreService>().ChainAsync(Contexts.Reader(Project), _incremental, Ct));
    }

    [Fact]
    public async Task A_parent_Cinder_still_has_is_not_restored_and_a_backup_Cinder_has_offers_nothing()
    {
        await using var host = await StartAsync(fullStillInCinder: true);
        var restores = host.Get<CloudRestoreService>();

        Assert.Equal([_incremental], (await restores.ChainAsync(Contexts.Admin(), _incremental, Ct))!.BackupIds);
        Assert.Null(await restores.ChainAsync(Contexts.Admin(), _full, Ct));
        Assert.Null(await restores.ChainAsync(Contexts.Admin(), "not-a-uuid", Ct));
    }
}
