using System.Text.Json.Nodes;
using Portal.Core.Backups;
using Portal.Core.Records;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E.Web;

[Collection(nameof(PortalServerCollection))]
public sealed class AdminTests(PortalServer server)
{
    [Fact]
    public async Task AuditLog_AsAdmin_VerifiesTheChainAndOffersTheCsv()
    {
        // An export by a member puts an entry in the log.
        var backup = (await PortalData.BackupsAsync(server, "p-100"))[1];
        var member = await server.SignInAsync("bob", $"/backups/{backup.Id}");
        await member.GetByTestId("export-button").ClickAsync();
        await Expect(member.Locator("textarea[data-testid=export-url]")).Not.ToBeEmptyAsync();

        var page = await server.SignInAsync("alice", "/admin/audit");
        await Expect(page.Locator("tbody tr.mud-table-row").First).ToBeVisibleAsync();
        await page.GetByTestId("verify-chain").ClickAsync();

        await Expect(page.GetByTestId("verify-result")).ToContainTextAsync("intact");
        await PortalServer.ScreenshotAsync(page, "audit-log");
        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("audit-csv").ClickAsync());
        var lines = await File.ReadAllLinesAsync(await csv.PathAsync(), TestContext.Current.CancellationToken);
        Assert.StartsWith("sequence,occurred_at,actor_user_id", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(backup.Id, StringComparison.Ordinal) && l.Contains(",exported,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/admin/audit", "audit-grid")]
    [InlineData("/admin/bulk-import", "run-start")]
    public async Task AdminPage_AsMember_IsNotAllowed(string path, string adminOnlyTestId)
    {
        var member = await server.SignInAsync("bob");

        await member.GotoAsync(server.BaseUrl + path);

        await Expect(member.GetByTestId("denied")).ToBeVisibleAsync();
        Assert.Empty(await member.GetByTestId(adminOnlyTestId).AllAsync());
    }

    [Fact]
    public async Task BulkExport_AsAdmin_DownloadsEveryAvailableBackupAsJsonLines()
    {
        var available = await PortalData.CountAsync(server, new BackupListQuery { Status = BackupStatus.Available });
        var page = await server.SignInAsync("alice");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("bulk-export").ClickAsync());

        var lines = await File.ReadAllLinesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Equal(available, lines.Length);
        Assert.All(lines, l => Assert.True(RecordDecoder.Decode((string)JsonNode.Parse(l)!["backup_url"]!).IsSuccess));
        Assert.Equal("backups-all.jsonl", download.SuggestedFilename);
    }
}
