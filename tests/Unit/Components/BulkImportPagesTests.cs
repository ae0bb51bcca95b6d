using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Admin.BulkImport;
using Portal.Core.Importing;
using Portal.Core.Importing.Runs;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Components;

public sealed class BulkImportPagesTests : PortalComponentTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ImportRunService Runs => Services.GetRequiredService<ImportRunService>();

    private ImportRunQueries RunQueries => Services.GetRequiredService<ImportRunQueries>();

    /// <summary>A dry run of two valid records and a broken one, run to its end as the background runner would.</summary>
    private async Task<ImportRun> FinishedDryRunAsync()
    {
        var lines = new[] { TestRecords.Valid(), TestRecords.Valid() }.Select(r => RecordFile.FormatLine("", TestRecords.Url(r))).Append("not json");
        var started = await Runs.StartAsync(Contexts.Admin(), "site-a.jsonl", new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))),
            new BulkImportOptions { TargetProjectId = "p-100", DryRun = true }, Ct);
        await Runs.ExecuteAsync((await Runs.ClaimNextAsync(Ct))!, Ct);
        return started.Value;
    }

    [Fact]
    public async Task RunPage_OfAFinishedDryRun_ShowsCountsResultsAndReportLinks()
    {
        var run = await FinishedDryRunAsync();
        SignIn("u-alice", "p-100", "admin");

        var page = Render<ImportRunPage>(p => p.Add(c => c.RunId, run.Id));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=results-grid] tbody tr.mud-table-row").Count));
        Assert.Equal("completed", page.Find("[data-testid=run-status]").GetAttribute("data-status"));
        Assert.Contains("3 of 3 records", page.Find("[data-testid=run-counts]").TextContent, StringComparison.Ordinal);
        // A dry run wrote nothing: its counts say what the import would do.
        Assert.Equal("would import: 2", page.Find("[data-testid=count-imported]").TextContent.Trim());
        Assert.Equal("would reject: 1", page.Find("[data-testid=count-rejected]").TextContent.Trim());
        Assert.Contains("1 rejected", page.Find("[data-testid=run-errors]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["imported", "imported", "rejected"], page.FindAll("[data-outcome]").Select(e => e.GetAttribute("data-outcome")));
        Assert.Equal(["would import", "would import", "would reject"], page.FindAll("[data-outcome]").Select(e => e.TextContent.Trim()));
        Assert.Equal($"/admin/bulk-import/{run.Id}/report.csv", page.Find("[data-testid=report-csv]").GetAttribute("href"));
        Assert.Equal($"/admin/bulk-import/{run.Id}/report.json", page.Find("[data-testid=report-json]").GetAttribute("href"));
    }

    [Fact]
    public async Task RunPage_ACountChip_FiltersTheResultsToItsRecordsAndBack()
    {
        var run = await FinishedDryRunAsync();
        SignIn("u-alice", "p-100", "admin");
        var page = Render<ImportRunPage>(p => p.Add(c => c.RunId, run.Id));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-outcome]").Count));

        page.Find("[data-testid=count-rejected]").Click();

        page.WaitForAssertion(() => Assert.Equal(["rejected"], page.FindAll("[data-outcome]").Select(e => e.GetAttribute("data-outcome"))));

        page.Find("[data-testid=count-rejected]").Click();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-outcome]").Count));
    }

    [Fact]
    public async Task RunPage_ImportForReal_QueuesARunOfTheSameFileAndOpensIt()
    {
        var run = await FinishedDryRunAsync();
        SignIn("u-alice", "p-100", "admin");
        var page = Render<ImportRunPage>(p => p.Add(c => c.RunId, run.Id));

        page.WaitForElement("[data-testid=run-for-real]").Click();

        var runs = await RunQueries.ListAsync(Contexts.Admin(), 0, 10, Ct);
        var real = Assert.Single(runs.Items, r => !r.DryRun);
        Assert.Equal((ImportRunStatuses.Queued, "p-100", run.StoredFile), (real.Status, real.TargetProjectId, real.StoredFile));
        Assert.EndsWith($"/admin/bulk-import/{real.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunPage_OfARunningRun_OffersCancel()
    {
        var started = await Runs.StartAsync(Contexts.Admin(), "big.jsonl", new MemoryStream(Encoding.UTF8.GetBytes("not json")), new BulkImportOptions { KeepRecordOwner = true }, Ct);
        await Runs.ClaimNextAsync(Ct);
        SignIn("u-alice", "p-100", "admin");
        var page = Render<ImportRunPage>(p => p.Add(c => c.RunId, started.Value.Id));

        page.WaitForElement("[data-testid=run-cancel]").Click();

        page.WaitForAssertion(() => Assert.True((RunQueries.GetAsync(Contexts.Admin(), started.Value.Id, Ct).GetAwaiter().GetResult())!.CancelRequested));
        Assert.True(page.Find("[data-testid=run-cancel]").HasAttribute("disabled"));
    }

    [Fact]
    public void RunPage_OfAnUnknownRun_SaysThereIsNone()
    {
        SignIn("u-alice", "p-100", "admin");

        var page = Render<ImportRunPage>(p => p.Add(c => c.RunId, Guid.NewGuid()));

        page.WaitForElement("[data-testid=run-not-found]");
    }

    [Fact]
    public async Task ListPage_ShowsRunsNewestFirstWithLinks()
    {
        var run = await FinishedDryRunAsync();
        SignIn("u-alice", "p-100", "admin");

        var page = Render<BulkImportPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=runs-grid] tbody tr.mud-table-row")));
        Assert.Equal($"/admin/bulk-import/{run.Id}", page.Find("[data-testid=run-link]").GetAttribute("href"));
        Assert.True(page.Find("[data-testid=run-start]").HasAttribute("disabled"));
    }
}
