using Bunit;
using Portal.Components.Backups;
using Portal.Core.Backups;

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
