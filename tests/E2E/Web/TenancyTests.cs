using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E.Web;

/// <summary>Another project's backup does not exist for a tenant: not in the table, not at its address.</summary>
[Collection(nameof(PortalServerCollection))]
public sealed class TenancyTests(PortalServer server)
{
    [Fact]
    public async Task AnotherProjectsBackup_IsNeitherListedNorReachable()
    {
        var bobs = (await PortalData.BackupsAsync(server, "p-100"))[0];
        var page = await server.SignInAsync("carol");

        // Volume ids are unique to a project; demo names repeat in every project.
        await page.Locator("input[data-testid=filter-volume]").FillAsync(bobs.VolumeId);
        await Expect(page.GetByTestId("no-backups")).ToBeVisibleAsync();
        var response = await page.GotoAsync($"{server.BaseUrl}/backups/{bobs.Id}");

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("backup-title")).ToHaveCountAsync(0);
        await PortalServer.ScreenshotAsync(page, "not-found");
    }

    [Fact]
    public async Task OwnProjectsBackup_IsReachable()
    {
        var carols = (await PortalData.BackupsAsync(server, "p-200"))[0];
        var page = await server.SignInAsync("carol");

        var response = await page.GotoAsync($"{server.BaseUrl}/backups/{carols.Id}");

        Assert.Equal(200, response!.Status);
        await Expect(page.GetByTestId("backup-title")).ToHaveTextAsync(carols.DisplayName!);
    }
}
