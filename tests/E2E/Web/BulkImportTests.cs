using Portal.Core.Auditing;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Portal.Core.Backups;
using Portal.Core.Importing;
using Portal.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E.Web;

[Collection(nameof(PortalServerCollection))]
public sealed class BulkImportTests(PortalServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BulkImport_FromTheUi_RunsInTheBackgroundReportsEachRecordAndDownloadsTheReport()
    {
        // A chain whose child comes first, a standalone backup, and a line that is no record.
        var full = TestRecords.Valid() with { ProjectId = "p-400" };
        var child = TestRecords.Valid() with { ProjectId = "p-400", ParentId = full.Id };
        var standalone = TestRecords.Valid() with { ProjectId = "p-400" };
        var file = string.Join('\n', new[] { child, full, standalone }.Select(r => RecordFile.FormatLine("", TestRecords.Url(r))).Append("this is not a record"));
        var page = await server.SignInAsync("alice", "/admin/bulk-import");

        // Through the picker, as a user would: the button answers only once its input is wired to the circuit.
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Choose a file" }).ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = "site-a.jsonl", MimeType = "application/jsonl", Buffer = Encoding.UTF8.GetBytes(file) });
        await Expect(page.GetByTestId("chosen-file")).ToContainTextAsync("site-a.jsonl");
        await page.GetByTestId("run-start").ClickAsync();

        // The URL changes before the run's page replaces the list (which has status chips of its own).
        await Expect(page.GetByTestId("run-summary")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("run-status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("run-counts")).ToContainTextAsync("4 of 4 records");
        await Expect(page.GetByTestId("count-imported")).ToContainTextAsync("3");
        await Expect(page.GetByTestId("count-rejected")).ToContainTextAsync("1");
        await Expect(page.Locator("[data-testid=results-grid] tbody tr.mud-table-row")).ToHaveCountAsync(4);
        await PortalServer.ScreenshotAsync(page, "bulk-import-run");

        var json = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("report-json").ClickAsync());
        var report = JsonNode.Parse(await File.ReadAllTextAsync(await json.PathAsync(), Ct))!.AsArray();
        // In file order, whatever order the chain was imported in.
        Assert.Equal([1, 2, 3, 4], report.Select(r => (int)r!["line"]!));
        Assert.Equal([child.Id, full.Id, standalone.Id], report.Take(3).Select(r => (string)r!["backup_id"]!));
        Assert.All(report.Take(3), r => Assert.Equal(AuditOutcomes.Imported, (string)r!["outcome"]!));
        Assert.Equal(AuditOutcomes.Rejected, (string)report[3]!["outcome"]!);

        // Filter to the rejected record; the CSV download follows the filter.
        await page.GetByTestId("filter-outcome").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText(AuditOutcomes.Rejected, new() { Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-testid=results-grid] tbody tr.mud-table-row")).ToHaveCountAsync(1);
        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("report-csv").ClickAsync());
        var lines = await File.ReadAllLinesAsync(await csv.PathAsync(), Ct);
        Assert.Equal("line,backup_id,outcome,code,message,warnings", lines[0]);
        var rejected = Assert.Single(lines.Skip(1));
        Assert.StartsWith("4,,rejected,record.not_json,", rejected, StringComparison.Ordinal);

        // Its audit entries, one a record, are one click away.
        await page.GetByTestId("run-audit").ClickAsync();
        await Expect(page.Locator("[data-testid=audit-grid] tbody tr.mud-table-row")).ToHaveCountAsync(4);
        await page.GoBackAsync();

        // The run outlives the browser: a new session finds it in the list and reopens its report.
        var runUrl = page.Url;
        await page.Context.CloseAsync();
        var again = await server.SignInAsync("alice", "/admin/bulk-import");
        await again.GetByTestId("run-link").Filter(new() { HasText = "site-a.jsonl" }).First.ClickAsync();
        await again.WaitForURLAsync(runUrl);
        await Expect(again.GetByTestId("run-summary")).ToBeVisibleAsync();
        await Expect(again.GetByTestId("run-status")).ToHaveAttributeAsync("data-status", "completed");
        await Expect(again.Locator("[data-testid=results-grid] tbody tr.mud-table-row")).ToHaveCountAsync(4);
    }

    [Fact]
    public async Task DryRun_FromTheUi_WritesNothingThenImportForRealFollowsTheNewRunLive()
    {
        var records = Enumerable.Range(0, 3).Select(_ => TestRecords.Valid()).ToList();
        var sameVolume = new BackupListQuery { ProjectId = "p-200", VolumeId = records[0].VolumeId };
        var before = await PortalData.CountAsync(server, sameVolume);
        var file = string.Join('\n', records.Select(r => RecordFile.FormatLine("", TestRecords.Url(r))));
        var page = await server.SignInAsync("alice", "/admin/bulk-import");
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Choose a file" }).ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = "site-b.jsonl", MimeType = "application/jsonl", Buffer = Encoding.UTF8.GetBytes(file) });
        await page.GetByText("Import everything into one project").ClickAsync();
        await page.GetByLabel("Project", new() { Exact = true }).FillAsync("p-200");
        await page.GetByText("Dry run: report what would happen").ClickAsync();
        await Expect(page.GetByTestId("run-start")).ToContainTextAsync("Start dry run");

        await page.GetByTestId("run-start").ClickAsync();

        await Expect(page.GetByTestId("run-dry-chip")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("run-status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("count-imported")).ToContainTextAsync("3");
        Assert.Equal(before, await PortalData.CountAsync(server, sameVolume));
        // The grid's reload after the run ends is the page's last render: click after it.
        await Expect(page.Locator("[data-testid=results-grid] tbody tr.mud-table-row")).ToHaveCountAsync(3);

        var dryRunUrl = page.Url;
        await page.GetByTestId("run-for-real").ClickAsync();

        await page.WaitForURLAsync(url => url != dryRunUrl);
        await Expect(page.GetByTestId("run-dry-chip")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("run-status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("count-imported")).ToContainTextAsync("3");
        await Expect(page.Locator("[data-testid=results-grid] tbody tr.mud-table-row")).ToHaveCountAsync(3);
        Assert.Equal(before + 3, await PortalData.CountAsync(server, sameVolume));
    }
}
