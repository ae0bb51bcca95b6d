using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E.Web;

[Collection(nameof(PortalServerCollection))]
public sealed class BackupsTableTests(PortalServer server)
{
    /// <summary>The pager's "1-25 of N" (the rows-per-page label shares its class).</summary>
    private static ILocator Caption(IPage page) => page.Locator(".mud-table-pagination-caption[translate=no]");

    [Fact]
    public async Task SignIn_AsMember_ShowsTheirProjectsBackupsPageByPage()
    {
        var page = await server.SignInAsync("bob");
        var total = await PortalData.CountAsync(server, new() { ProjectId = "p-100" });

        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Bob Member");
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("p-100");
        await Expect(page.GetByTestId("dev-idp-warning")).ToBeVisibleAsync();
        var rows = page.Locator("tbody tr.mud-table-row");
        await Expect(rows).ToHaveCountAsync(25);
        await Expect(Caption(page)).ToHaveTextAsync($"1-25 of {total}");
        await PortalServer.ScreenshotAsync(page, "backups-table");

        await page.GetByLabel("Next page").ClickAsync();

        await Expect(Caption(page)).ToHaveTextAsync($"26-50 of {total}");
    }

    [Fact]
    public async Task FirstPaint_BeforeTheRowsArrive_SaysLoadingNotNoBackups()
    {
        var page = await server.SignInAsync("bob");

        // The prerendered page, as the browser paints it before the circuit has loaded the first page.
        var prerendered = await page.Context.APIRequest.GetAsync($"{server.BaseUrl}/backups");
        var html = await prerendered.TextAsync();

        Assert.Equal(200, prerendered.Status);
        Assert.Contains("data-testid=\"backups-loading\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"no-backups\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("0-0 of 0", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filter_ByName_ShowsOnlyMatchingBackupsAndTheirCount()
    {
        var page = await server.SignInAsync("bob");
        var matching = await PortalData.CountAsync(server, new() { ProjectId = "p-100", Name = "db-weekly" });

        await page.Locator("input[data-testid=filter-name]").FillAsync("db-weekly");

        await Expect(Caption(page)).ToHaveTextAsync($"1-{Math.Min(25, matching)} of {matching}");
        var names = await page.GetByTestId("backup-link").AllInnerTextsAsync();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Contains("db-weekly", n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Filter_MatchingNothing_ShowsTheEmptyState()
    {
        var page = await server.SignInAsync("bob");

        await page.Locator("input[data-testid=filter-name]").FillAsync("no backup is called this");

        await Expect(page.GetByTestId("no-backups")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_AsAdmin_ShowsEveryProject()
    {
        var page = await server.SignInAsync("alice");

        await Expect(page.GetByTestId("filter-project")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Columnheader, new() { Name = "Project" }).WaitForAsync();
        await PortalServer.ScreenshotAsync(page, "backups-table-admin");
    }

    [Fact]
    public async Task SignOut_EndsThePortalAndTheIdentityProviderSessions()
    {
        var page = await server.SignInAsync("bob");

        await page.GetByTestId("sign-out").ClickAsync();
        await page.GotoAsync(server.BaseUrl + "/backups");

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }
}
