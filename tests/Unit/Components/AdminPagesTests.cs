using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components;
using Portal.Components.Admin;
using Portal.Components.Admin.Clouds;
using Portal.Components.Import;
using Portal.Core.Importing;
using Portal.Core.Tenancy;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Components;

public sealed class AdminPagesTests : PortalComponentTest
{
    private async Task ImportAsync(string backupUrl) =>
        await Services.GetRequiredService<ImportService>().ImportAsync(
            new RequestContext { UserId = "u-bob", ProjectId = "p-100", Roles = new HashSet<string> { Roles.Member }, Channel = Channels.Ui },
            new ImportRequest("", backupUrl), TestContext.Current.CancellationToken);

    [Fact]
    public async Task AuditLog_ListsEntriesAndVerifiesTheChain()
    {
        await ImportAsync(TestRecords.Url(TestRecords.Valid()));
        await ImportAsync("broken!");
        SignIn("u-alice", "p-100", "admin");

        var page = Render<AuditLogPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr.mud-table-row").Count));
        Assert.Equal(["rejected", "imported"], page.FindAll("[data-outcome]").Select(e => e.GetAttribute("data-outcome")));
        Assert.EndsWith("/import?audit=2", page.Find("[data-testid=reopen]").GetAttribute("href"), StringComparison.Ordinal);
        page.Find("[data-testid=verify-chain]").Click();
        page.WaitForAssertion(() => Assert.Contains("intact: 2 entries", page.Find("[data-testid=verify-result]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Clouds_ShowsACloudThatDoesNotAnswerWithItsErrorAndQueuesASync()
    {
        SignIn("u-alice", "p-100", "admin");

        var page = Render<CloudsPage>();

        page.WaitForAssertion(() => Assert.Contains("cloud.unreachable", page.Find("[data-testid=cloud-error]").TextContent, StringComparison.Ordinal));
        Assert.Contains("http://127.0.0.1:9", page.Find("[data-testid=cloud-error]").TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid=cloud-down]"));
        Assert.Contains(": 0", page.Find("[data-testid=drift-vault-only]").TextContent, StringComparison.Ordinal);
        page.Find("[data-testid=sync-now]").Click();
        page.WaitForAssertion(() => Assert.Equal("queued", page.Find("[data-testid=cloud-runs] tbody tr").GetAttribute("data-status")));
        Assert.True(page.Find("[data-testid=sync-now]").HasAttribute("disabled"));
    }

    [Fact]
    public void BackupServices_ListsTheConfiguredServices()
    {
        SignIn("u-alice", "p-100", "admin");

        var page = Render<BackupServicesPage>();

        var rows = page.FindAll("[data-testid=services-table] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("cinder.backup.drivers.nfs.NFSBackupDriver", rows[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportWizard_ReopenedFromARejectedAuditEntry_HoldsItsRawRecord()
    {
        await ImportAsync("broken!");
        SignIn("u-alice", "p-100", "admin");
        Services.GetRequiredService<NavigationManager>().NavigateTo("/import?audit=1");

        var wizard = Render<ImportWizard>();

        wizard.WaitForAssertion(() => Assert.Contains("audit entry 1", wizard.Find("[data-testid=reopened]").TextContent, StringComparison.Ordinal));
        wizard.Find(".mud-stepper-button-next").Click();
        wizard.WaitForAssertion(() => Assert.Equal("broken!", wizard.Find("textarea[data-testid=record-url]").TextContent.Trim()));
    }

    [Fact]
    public void AuditCsv_QuotesFieldsThatNeedIt()
    {
        Assert.Equal("plain", Csv.Field("plain"));
        Assert.Equal("\"a,b\"", Csv.Field("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", Csv.Field("say \"hi\""));
        Assert.Equal("\"two\nlines\"", Csv.Field("two\nlines"));
        Assert.Equal("", Csv.Field(null));
    }

    [Fact]
    public async Task Quotas_ChangingAProjectsLimits_ShowsThemAsItsOwn()
    {
        await ImportAsync(TestRecords.Url(TestRecords.Valid()));
        SignIn("u-alice", "p-100", "admin");
        var page = Render<QuotasPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("tr[data-project=p-100]")));

        page.Find("tr[data-project=p-100] [data-testid=edit-quota]").Click();
        page.Find("input[data-testid=quota-backups]").Change("5");
        page.Find("[data-testid=quota-save]").Click();

        page.WaitForAssertion(() =>
        {
            var row = page.Find("tr[data-project=p-100]").TextContent;
            Assert.Contains("1 / 5", row, StringComparison.Ordinal);
            Assert.Contains("project's own", row, StringComparison.Ordinal);
        });
    }
}
