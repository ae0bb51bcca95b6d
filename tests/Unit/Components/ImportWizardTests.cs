using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Components.Import;
using Portal.Core.Auditing;
using Portal.Core.Common;
using Portal.Core.Tenancy;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Components;

/// <summary>The import wizard, step by step.</summary>
public sealed class ImportWizardTests : PortalComponentTest
{
    private static void Next(IRenderedComponent<ImportWizard> wizard) => wizard.Find(".mud-stepper-button-next").Click();

    private static void EnterRecord(IRenderedComponent<ImportWizard> wizard, CinderVector vector)
    {
        Next(wizard);
        wizard.WaitForAssertion(() => wizard.Find("textarea[data-testid=record-url]"));
        wizard.Find("input[data-testid=record-service]").Input(vector.BackupService);
        wizard.Find("textarea[data-testid=record-url]").Input(vector.BackupUrl);
        Next(wizard);
    }

    [Fact]
    public void ServiceStep_AsMember_OffersTheConfiguredServicesButNotTheAdminChoices()
    {
        SignIn("u-bob", "p-100", "member");

        var wizard = Render<ImportWizard>();

        wizard.WaitForAssertion(() => Assert.NotNull(wizard.Find("[data-testid=service-select]")));
        Assert.Empty(wizard.FindAll("[data-testid=keep-owner]"));
        Assert.Empty(wizard.FindAll("[data-testid=target-project]"));
    }

    [Fact]
    public void ServiceStep_AsAdmin_OffersKeepingTheOwnerAndATargetProject()
    {
        SignIn("u-alice", "p-100", "admin");

        var wizard = Render<ImportWizard>();

        wizard.WaitForAssertion(() => Assert.NotEmpty(wizard.FindAll("[data-testid=keep-owner]")));
        Assert.NotEmpty(wizard.FindAll("input[data-testid=target-project]"));
    }

    [Fact]
    public void RecordStep_InvalidRecord_ShowsTheCodeAtTheFieldAndStays()
    {
        SignIn("u-bob", "p-100", "member");
        var wizard = Render<ImportWizard>();

        EnterRecord(wizard, CinderVectors.Named("size_as_string"));

        wizard.WaitForAssertion(() => Assert.Contains(ErrorCodes.InvalidField, wizard.Find(".mud-input-error").TextContent, StringComparison.Ordinal));
        Assert.Contains("size", wizard.Find("[data-testid=record-field-errors]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(wizard.Find("textarea[data-testid=record-url]"));
    }

    [Fact]
    public void PreviewStep_ValidRecord_ShowsEveryCheckAndWhatWillBeWritten()
    {
        SignIn("u-bob", "p-100", "member");
        var wizard = Render<ImportWizard>();

        EnterRecord(wizard, CinderVectors.Named("zed_full_nfs"));

        wizard.WaitForAssertion(() => Assert.NotNull(wizard.Find("[data-testid=preview-ok]")));
        Assert.Equal(["policy", "record", "owner", "backup_service", "id", "quota"],
            wizard.FindAll("[data-check]").Select(c => c.GetAttribute("data-check")));
        Assert.Equal("Replaced", wizard.Find("[data-field=project_id]").GetAttribute("data-fate"));
        Assert.Equal("Kept", wizard.Find("[data-field=display_name]").GetAttribute("data-fate"));
    }

    [Fact]
    public void PreviewStep_ServiceNotConfigured_ShowsTheFailedCheckAndCannotGoOn()
    {
        SignIn("u-bob", "p-100", "member");
        var wizard = Render<ImportWizard>();
        EnterRecord(wizard, CinderVectors.Named("encryption_key_gcs"));
        wizard.WaitForAssertion(() => Assert.Contains(ErrorCodes.ServiceNotFound, wizard.Find("[data-testid=preview-error]").TextContent, StringComparison.Ordinal));

        Next(wizard);

        wizard.WaitForAssertion(() => Assert.NotNull(wizard.Find("[data-testid=preview-error]")));
        Assert.Empty(wizard.FindAll("[data-testid=confirm-summary]"));
    }

    [Fact]
    public async Task ConfirmStep_Complete_ImportsAndAuditsOnTheUiChannel()
    {
        SignIn("u-bob", "p-100", "member");
        var wizard = Render<ImportWizard>();
        EnterRecord(wizard, CinderVectors.Named("zed_full_nfs"));
        wizard.WaitForAssertion(() => Assert.NotNull(wizard.Find("[data-testid=preview-ok]")));
        Next(wizard);
        wizard.WaitForAssertion(() => Assert.Contains("p-100", wizard.Find("[data-testid=confirm-summary]").TextContent, StringComparison.Ordinal));

        wizard.Find(".mud-stepper-button-complete").Click();

        wizard.WaitForAssertion(() => Assert.NotNull(wizard.Find("[data-testid=import-succeeded]")));
        Assert.EndsWith("/backups/3f0b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", wizard.Find("[data-testid=import-result-link]").GetAttribute("href"), StringComparison.Ordinal);
        var entry = await QueryAsync(db => db.AuditEntries.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal((AuditOutcomes.Imported, Channels.Ui, "u-bob"), (entry.Outcome, entry.Channel, entry.ActorUserId));
    }

    [Fact]
    public void Render_AsReader_SaysImportIsNotAllowed()
    {
        SignIn("u-dave", "p-100", "reader");

        var wizard = Render<ImportWizard>();

        wizard.WaitForAssertion(() => Assert.NotNull(wizard.Find("[data-testid=import-not-allowed]")));
        Assert.Empty(wizard.FindAll("[data-testid=import-wizard]"));
    }
}
