using Microsoft.Playwright;
using Portal.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E.Web;

[Collection(nameof(PortalServerCollection))]
public sealed class ImportWizardTests(PortalServer server)
{
    private static Task EnterRecordAsync(IPage page, CinderVector vector) => EnterRecordAsync(page, vector.BackupService, vector.BackupUrl);

    /// <summary>From the wizard's first step to its preview of the record <paramref name="service"/>, <paramref name="url"/>.</summary>
    internal static async Task EnterRecordAsync(IPage page, string service, string url)
    {
        await page.Locator(".mud-stepper-button-next").ClickAsync();
        await page.Locator("input[data-testid=record-service]").FillAsync(service);
        await page.Locator("textarea[data-testid=record-url]").FillAsync(url);
        await page.Locator(".mud-stepper-button-next").ClickAsync();
    }

    [Fact]
    public async Task Import_PublicVector_PreviewsThenImportsAndLinksToTheBackup()
    {
        var page = await server.SignInAsync("bob", "/import");

        await EnterRecordAsync(page, CinderVectors.Named("zed_full_nfs"));
        await Expect(page.GetByTestId("preview-ok")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=host]")).ToHaveAttributeAsync("data-fate", "Replaced");
        await Expect(page.Locator("[data-check=backup_service]")).ToHaveAttributeAsync("data-outcome", "Passed");
        await PortalServer.ScreenshotAsync(page, "import-preview");
        await page.Locator(".mud-stepper-button-next").ClickAsync();
        await Expect(page.GetByTestId("confirm-summary")).ToContainTextAsync("p-100");
        await page.Locator(".mud-stepper-button-complete").ClickAsync();

        await Expect(page.GetByTestId("import-succeeded")).ToBeVisibleAsync();
        await page.GetByTestId("import-result-link").ClickAsync();
        await Expect(page.GetByTestId("backup-title")).ToHaveTextAsync("nightly");
    }

    [Fact]
    public async Task Import_RecordWithoutId_IsRefusedAtTheRecordWithItsCode()
    {
        var page = await server.SignInAsync("bob", "/import");

        await EnterRecordAsync(page, CinderVectors.Named("missing_id"));

        await Expect(page.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("record.missing_id");
        await Expect(page.Locator("textarea[data-testid=record-url]")).ToBeVisibleAsync();
        await PortalServer.ScreenshotAsync(page, "import-refused");
    }

    [Fact]
    public async Task Import_RecordOfAWrongType_NamesTheField()
    {
        var page = await server.SignInAsync("bob", "/import");

        await EnterRecordAsync(page, CinderVectors.Named("size_as_string"));

        await Expect(page.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("record.invalid_field");
        await Expect(page.GetByTestId("record-field-errors")).ToContainTextAsync("size");
    }

    [Fact]
    public async Task Import_RecordForADriverNotConfigured_ShowsTheFailedCheckInThePreview()
    {
        var page = await server.SignInAsync("bob", "/import");

        await EnterRecordAsync(page, CinderVectors.Named("encryption_key_gcs"));

        await Expect(page.GetByTestId("preview-error")).ToContainTextAsync("import.service_not_found");
        await Expect(page.Locator("[data-check=backup_service]")).ToHaveAttributeAsync("data-outcome", "Failed");
    }

    [Fact]
    public async Task Paste_WhatTheRealClisPrint_FillsServiceAndUrlAndSaysWhatItRead()
    {
        var backup = (await PortalData.BackupsAsync(server, "p-100")).First(b => b.Status == "available");
        var token = await Api.RealClis.TokenAsync(server);
        Task<ProcessResult> OpenStack(params string[] format) => Api.RealClis.OpenStackAsync(server, token, ["volume", "backup", "record", "export", backup.Id, .. format]);
        var printed = new List<(string Shape, ProcessResult Output)>
        {
            ("the table of 'cinder backup-export'", await Api.RealClis.CinderAsync(server, "backup-export", backup.Id)),
            ("the table of 'openstack volume backup record export'", await OpenStack()),
            ("JSON", await OpenStack("-f", "json")),
            ("-f yaml output", await OpenStack("-f", "yaml")),
            ("-f shell output", await OpenStack("-f", "shell")),
            ("-f value output", await OpenStack("-f", "value")),
        };
        var json = System.Text.Json.Nodes.JsonNode.Parse(printed[2].Output.Output)!;
        (string Service, string Url) expected = ((string)json["backup_service"]!, (string)json["backup_url"]!);
        var page = await server.SignInAsync("bob", "/import");
        await page.Locator(".mud-stepper-button-next").ClickAsync();
        var service = page.Locator("input[data-testid=record-service]");
        var url = page.Locator("textarea[data-testid=record-url]");

        foreach (var (shape, output) in printed)
        {
            Assert.True(output.ExitCode == 0, $"{shape}: {output.Error}");
            await service.FillAsync("");
            await url.FillAsync(output.Output);

            await Expect(url).ToHaveValueAsync(expected.Url);
            await Expect(service).ToHaveValueAsync(expected.Service);
            await Expect(page.GetByText($"Read as {shape}.")).ToBeVisibleAsync();
        }
        await page.Locator(".mud-stepper-button-next").ClickAsync();
        await Expect(page.Locator("[data-check=record]")).ToHaveAttributeAsync("data-outcome", "Passed");
    }

    [Fact]
    public async Task Import_AsReader_IsNotOffered()
    {
        var page = await server.SignInAsync("dave", "/import");

        await Expect(page.GetByTestId("import-not-allowed")).ToBeVisibleAsync();
    }
}
