using System.Text.Json.Nodes;
using Portal.Core.Records;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E.Web;

[Collection(nameof(PortalServerCollection))]
public sealed class ExportTests(PortalServer server)
{
    [Fact]
    public async Task Export_FromTheBackupPage_GivesARecordThatDecodesToThatBackup()
    {
        // A demo backup: other tests in this collection import backups of their own into p-100.
        var backup = (await PortalData.BackupsAsync(server, "p-100")).Where(b => b.DisplayName?.Contains("-weekly-", StringComparison.Ordinal) == true).ElementAt(1);
        var page = await server.SignInAsync("bob", $"/backups/{backup.Id}");
        await Expect(page.GetByTestId("backup-title")).ToHaveTextAsync(backup.DisplayName!);

        await page.GetByTestId("export-button").ClickAsync();
        var url = page.Locator("textarea[data-testid=export-url]");
        await Expect(url).Not.ToBeEmptyAsync();
        await PortalServer.ScreenshotAsync(page, "export-dialog");

        var shownUrl = await url.InputValueAsync();
        Assert.Equal(RecordEncoder.Encode(backup.ToRecord()), shownUrl);
        Assert.Equal(backup.Service, await page.Locator("input[data-testid=export-service]").InputValueAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-download").ClickAsync());
        var file = JsonNode.Parse(await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken))!.AsObject();
        Assert.Equal(["backup_service", "backup_url"], file.Select(p => p.Key));
        Assert.Equal(backup.Id, RecordDecoder.Decode((string)file["backup_url"]!).Value.Record.Id);
        Assert.Equal($"backup-{backup.Id}.json", download.SuggestedFilename);

        await page.GetByTestId("export-copy").ClickAsync();
        var copied = JsonNode.Parse(await page.EvaluateAsync<string>("navigator.clipboard.readText()"))!;
        Assert.Equal((string)file["backup_url"]!, (string)copied["backup_url"]!);
    }

    [Fact]
    public async Task Export_AsReader_IsNotOfferedAndThePageSaysWhy()
    {
        var backup = (await PortalData.BackupsAsync(server, "p-100")).First(b => b.Status == "available");
        var page = await server.SignInAsync("dave", $"/backups/{backup.Id}");

        // Nothing to click that Core would refuse: the button is off, with Core's reason beside it.
        await Expect(page.GetByTestId("export-button")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("export-refusal")).ToContainTextAsync("Your role lets you see backups but not export them");

        await page.GotoAsync($"{server.BaseUrl}/backups");
        await Expect(page.Locator("tbody tr.mud-table-row").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("export-button")).ToHaveCountAsync(0);
        await Expect(page.Locator("a[href='/import']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task BackupPage_ShowsTheIncrementalChain()
    {
        var incremental = (await PortalData.BackupsAsync(server, "p-100")).First(b => b.IsIncremental);
        var page = await server.SignInAsync("bob", $"/backups/{incremental.Id}");

        await page.GetByTestId("parent-link").ClickAsync();

        await Expect(page.GetByTestId("dependent-link").First).ToBeVisibleAsync();
        await PortalServer.ScreenshotAsync(page, "backup-page");
    }
}
