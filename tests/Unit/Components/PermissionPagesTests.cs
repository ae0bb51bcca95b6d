using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Backups;
using Portal.Components.Import;
using Portal.Components.Layout;
using Portal.Core.Backups;
using Portal.Core.Exporting;
using Portal.Core.Importing;
using Portal.Core.Tenancy;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Components;

/// <summary>
/// The pages offer what Core allows the user, and nothing Core would refuse for their role (issue 15):
/// per role, with import and export open to members and with <c>Policy:AdminOnlyImportExport</c>.
/// </summary>
public abstract class PermissionPagesTests(bool adminOnly)
    : PortalComponentTest(new Dictionary<string, string?> { ["Policy:AdminOnlyImportExport"] = adminOnly ? "true" : "false" })
{
    /// <summary>What each role is offered: the expectation, written out, not asked of the policy under test.</summary>
    private bool Offered(string role) => role == Roles.Admin || (role == Roles.Member && !adminOnly);

    private static RequestContext ContextOf(string role) => new()
    {
        UserId = $"u-{role}",
        ProjectId = "p-100",
        Roles = new HashSet<string> { role },
        Channel = Channels.Ui,
    };

    [Theory]
    [InlineData(Roles.Reader)]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Admin)]
    public async Task BackupsPage_OffersExportAndImportExactlyWhenCoreAllowsThem(string role)
    {
        await SeedDemoBackupsAsync(fullPerProject: 12);
        SignIn($"u-{role}", "p-100", role);

        var page = Render<BackupsPage>();

        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("tbody tr.mud-table-row").Count));
        var buttons = page.FindAll("[data-testid=export-button]");
        Assert.Equal(Offered(role) ? 25 : 0, buttons.Count);
        Assert.Equal(Offered(role), page.FindAll("a[href='/import']").Count == 1);
        // Every export the page enables, Core carries out for this user.
        var exporter = Services.GetRequiredService<ExportService>();
        foreach (var row in page.FindAll("tbody tr.mud-table-row").Where(r => r.QuerySelector("[data-testid=export-button]") is { } b && !b.HasAttribute("disabled")))
        {
            var id = row.QuerySelector("[data-testid=backup-link]")!.GetAttribute("href")!.Split('/')[^1];
            var exported = await exporter.ExportAsync(ContextOf(role), id, TestContext.Current.CancellationToken);
            Assert.True(exported.IsSuccess, exported.IsSuccess ? null : exported.Error.Message);
        }
    }

    [Theory]
    [InlineData(Roles.Reader)]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Admin)]
    public void NavMenu_OffersImportOnlyToWhoMayImport(string role)
    {
        SignIn($"u-{role}", "p-100", role);

        var menu = Render<NavMenu>();

        menu.WaitForAssertion(() => Assert.Contains("/backups", menu.Markup, StringComparison.Ordinal));
        Assert.Equal(Offered(role), menu.FindAll("[data-testid=nav-import]").Count == 1);
    }

    [Theory]
    [InlineData(Roles.Reader)]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Admin)]
    public async Task ImportWizard_OpensExactlyWhenCoreWouldImport(string role)
    {
        SignIn($"u-{role}", "p-100", role);
        var plan = await Services.GetRequiredService<ImportService>().PlanAsync(ContextOf(role),
            new ImportRequest(CinderVectors.Named("zed_full_nfs").BackupService, CinderVectors.Named("zed_full_nfs").BackupUrl), TestContext.Current.CancellationToken);

        var wizard = Render<ImportWizard>();

        wizard.WaitForAssertion(() => Assert.NotEmpty(wizard.FindAll("[data-testid=import-wizard], [data-testid=import-not-allowed]")));
        Assert.Equal(Offered(role), wizard.FindAll("[data-testid=import-wizard]").Count == 1);
        Assert.Equal(Offered(role), plan.CanImport);
        if (!Offered(role))
        {
            Assert.Contains(role == Roles.Reader ? "not import them" : "only admins import", wizard.Find("[data-testid=import-not-allowed]").TextContent, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Roles.Reader)]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Admin)]
    public async Task BackupPage_DisablesExportWithTheReasonWhenCoreWouldRefuse(string role)
    {
        await SeedDemoBackupsAsync(fullPerProject: 12);
        var available = await QueryAsync(db => db.Backups.FirstAsync(b => b.ProjectId == "p-100" && b.Status == BackupStatus.Available, TestContext.Current.CancellationToken));
        SignIn($"u-{role}", "p-100", role);

        var page = Render<Portal.Components.Backups.BackupPage>(p => p.Add(c => c.Id, available.Id));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=export-button]")));
        Assert.Equal(!Offered(role), page.Find("[data-testid=export-button]").HasAttribute("disabled"));
        Assert.Equal(!Offered(role), page.FindAll("[data-testid=export-refusal]").Count == 1);
        if (!Offered(role))
        {
            Assert.Contains(role == Roles.Reader ? "not export them" : "only admins export", page.Find("[data-testid=export-refusal]").TextContent, StringComparison.Ordinal);
        }
    }
}

public sealed class PermissionPagesOpenTests() : PermissionPagesTests(adminOnly: false);

public sealed class PermissionPagesAdminOnlyTests() : PermissionPagesTests(adminOnly: true);
