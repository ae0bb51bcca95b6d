using Bunit;
using Portal.Components.Backups;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Backups;
using Portal.Core.Clouds;
using Portal.Core.Clouds.Vault;

namespace Portal.Tests.Unit.Components;

public sealed class BackupsPageTests : PortalComponentTest
{
    [Fact]
    public async Task Render_AsMember_ListsTheirProjectsBackupsWithTheTotal()
    {
        await SeedDemoBackupsAsync(fullPerProject: 12);
        SignIn("u-bob", "p-100", "member");
        var total = await QueryAsync(db => Task.FromResult(db.Backups.Count(b => b.ProjectId == "p-100")));

        var page = Render<BackupsPage>();

        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("tbody tr.mud-table-row").Count));
        Assert.Contains($"1-25 of {total}", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(page.FindAll("th"), th => th.TextContent.Contains("Project", StringComparison.Ordinal));
        Assert.NotEmpty(page.FindAll("[data-testid=incremental]"));
    }

    [Fact]
    public async Task Render_WithACloudConnected_ShowsWhetherCinderStillHasEachBackup()
    {
        await SeedDemoBackupsAsync(fullPerProject: 2);
        var ids = await QueryAsync(db => db.Backups.Where(b => b.ProjectId == "p-100").OrderBy(b => b.Id).Select(b => b.Id).Take(3).ToListAsync(TestContext.Current.CancellationToken));
        await QueryAsync(async db =>
        {
            // The vault's word on two of them: one still in Cinder, one Cinder lost; the third came in by hand.
            foreach (var (id, gone) in new[] { (ids[0], false), (ids[1], true) })
            {
                var listed = new CinderBackup(id, "available", "p-100", "u-bob", null, null, "n", 1);
                var row = CloudBackup.Seen("down", listed, Guid.NewGuid(), DateTime.UtcNow);
                row.Exported(listed, new CinderRecord("cinder.backup.drivers.nfs", "e30="), "sha", null, "p-100", "u-bob", DateTime.UtcNow);
                if (gone)
                {
                    row.MarkGone(DateTime.UtcNow);
                }
                db.CloudBackups.Add(row);
            }
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        SignIn("u-bob", "p-100", "member");

        var page = Render<BackupsPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-presence]")));
        string? PresenceOf(string id) => page.FindAll("tbody tr.mud-table-row")
            .Single(r => r.QuerySelector("[data-testid=backup-link]")!.GetAttribute("href")!.EndsWith(id, StringComparison.Ordinal))
            .QuerySelector("[data-presence]")!.GetAttribute("data-presence");
        Assert.Equal(["in-cinder", "vault-only", "portal-only"], ids.Select(PresenceOf));
    }

    /// <summary>A full backup of p-100 that the vault of cloud "down" holds and Cinder lost.</summary>
    private async Task<Backup> LostInCinderAsync()
    {
        await SeedDemoBackupsAsync(fullPerProject: 1);
        var backup = await QueryAsync(db => db.Backups.Where(b => b.ProjectId == "p-100" && b.ParentId == null).FirstAsync(TestContext.Current.CancellationToken));
        await QueryAsync(async db =>
        {
            var listed = new CinderBackup(backup.Id, "available", "p-100", backup.UserId, null, null, backup.DisplayName, backup.Size);
            var row = CloudBackup.Seen("down", listed, Guid.NewGuid(), DateTime.UtcNow);
            row.Exported(listed, new CinderRecord(backup.Service!, Portal.Core.Records.RecordEncoder.Encode(backup.ToRecord())), "sha", null, "p-100", backup.UserId, DateTime.UtcNow);
            row.MarkGone(DateTime.UtcNow);
            db.CloudBackups.Add(row);
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return backup;
    }

    [Fact]
    public async Task BackupPage_OffersAnAdminToPutABackupCinderLostBack()
    {
        var backup = await LostInCinderAsync();
        SignIn("u-alice", "p-100", "admin");

        var page = Render<Portal.Components.Backups.BackupPage>(p => p.Add(c => c.Id, backup.Id));

        page.WaitForAssertion(() => Assert.Contains("Put back into Cinder (down)", page.Find("[data-testid=restore-into-cinder]").TextContent, StringComparison.Ordinal));
        Assert.Contains("project p-100", page.Find("[data-testid=vault-only]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupPage_OffersAMemberNothingByDefault()
    {
        var backup = await LostInCinderAsync();
        SignIn("u-bob", "p-100", "member");

        var page = Render<Portal.Components.Backups.BackupPage>(p => p.Add(c => c.Id, backup.Id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=backup-title]")));
        Assert.Empty(page.FindAll("[data-testid=restore-into-cinder]"));
        Assert.Empty(page.FindAll("[data-testid=vault-only]"));
    }

    [Fact]
    public void Render_WithNoBackups_ShowsTheEmptyState()
    {
        SignIn("u-bob", "p-100", "member");

        var page = Render<BackupsPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-backups]")));
    }

    [Fact]
    public async Task Render_AsAdmin_ShowsTheProjectColumnAndEveryProject()
    {
        await SeedDemoBackupsAsync(fullPerProject: 4);
        SignIn("u-alice", "p-100", "admin");

        var page = Render<BackupsPage>();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("th"), th => th.TextContent.Contains("Project", StringComparison.Ordinal)));
        var projects = page.FindAll("tbody tr.mud-table-row").Select(r => r.Children[6].TextContent.Trim()).ToHashSet();
        Assert.Equal(["p-100", "p-200", "p-300"], projects.Order());
        Assert.NotNull(page.Find("[data-testid=filter-project]"));
    }

    [Fact]
    public async Task FilterByName_ShowsOnlyMatchingBackups()
    {
        await SeedDemoBackupsAsync(fullPerProject: 12);
        SignIn("u-bob", "p-100", "member");
        var page = Render<BackupsPage>();
        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("tbody tr.mud-table-row").Count));

        page.Find("input[data-testid=filter-name]").Input("db-weekly");
        page.Find("input[data-testid=filter-name]").Blur();

        page.WaitForAssertion(() =>
        {
            var names = page.FindAll("[data-testid=backup-link]").Select(a => a.TextContent).ToList();
            Assert.NotEmpty(names);
            Assert.All(names, n => Assert.Contains("db-weekly", n, StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task ExportButton_IsDisabledForBackupsNotAvailable()
    {
        await SeedDemoBackupsAsync(fullPerProject: 12);
        SignIn("u-bob", "p-100", "member");

        var page = Render<BackupsPage>();

        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("tbody tr.mud-table-row").Count));
        foreach (var row in page.FindAll("tbody tr.mud-table-row"))
        {
            var available = row.QuerySelector("[data-status]")!.GetAttribute("data-status") == BackupStatus.Available;
            Assert.Equal(!available, row.QuerySelector("[data-testid=export-button]")!.HasAttribute("disabled"));
        }
    }
}
