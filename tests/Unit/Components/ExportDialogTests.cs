using Bunit;
using Bunit.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Components.Backups;
using Portal.Core.Backups;
using Portal.Core.Common;
using Portal.Core.Records;

namespace Portal.Tests.Unit.Components;

public sealed class ExportDialogTests : PortalComponentTest
{
    private async Task<IRenderedComponent<ContainerFragment>> OpenAsync(string backupId)
    {
        var providers = RenderProviders();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await providers.InvokeAsync(() => dialogs.ShowAsync<ExportDialog>("Export", new DialogParameters<ExportDialog> { { d => d.BackupId, backupId } }));
        return providers;
    }

    private async Task<Backup> FirstBackupAsync(string status = BackupStatus.Available) =>
        await QueryAsync(db => db.Backups.AsNoTracking().OrderBy(b => b.Id).FirstAsync(b => b.ProjectId == "p-100" && b.Status == status, TestContext.Current.CancellationToken));

    [Fact]
    public async Task Open_ForAnAvailableBackup_ShowsTheRecordOfThatBackup()
    {
        await SeedDemoBackupsAsync(fullPerProject: 4);
        SignIn("u-bob", "p-100", "member");
        var backup = await FirstBackupAsync();

        var dialog = await OpenAsync(backup.Id);

        dialog.WaitForAssertion(() => Assert.NotEmpty(dialog.Find("textarea[data-testid=export-url]").GetAttribute("value") ?? dialog.Find("textarea[data-testid=export-url]").TextContent));
        var url = dialog.Find("textarea[data-testid=export-url]");
        var text = url.GetAttribute("value") ?? url.TextContent;
        Assert.Equal(RecordEncoder.Encode(backup.ToRecord()), text);
        Assert.Equal(backup.Service, dialog.Find("input[data-testid=export-service]").GetAttribute("value"));
        Assert.Contains("\"backup_service\"", ExportDialog.DownloadJson(new(backup.Service!, text, backup.ToRecord())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ForABackupInError_ShowsWhyItCannotBeExported()
    {
        await SeedDemoBackupsAsync(fullPerProject: 12);
        SignIn("u-bob", "p-100", "member");
        var backup = await FirstBackupAsync(BackupStatus.Error);

        var dialog = await OpenAsync(backup.Id);

        dialog.WaitForAssertion(() => Assert.Contains(ErrorCodes.ExportNotAvailable, dialog.Find("[data-testid=export-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_AsReader_ShowsThatTheRoleForbidsIt()
    {
        await SeedDemoBackupsAsync(fullPerProject: 4);
        SignIn("u-dave", "p-100", "reader");
        var backup = await FirstBackupAsync();

        var dialog = await OpenAsync(backup.Id);

        dialog.WaitForAssertion(() => Assert.Contains(ErrorCodes.ExportForbidden, dialog.Find("[data-testid=export-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void DownloadJson_HasTheShapeOfTheOpenstackClientsJsonOutput()
    {
        var json = ExportDialog.DownloadJson(new("cinder.backup.drivers.nfs.NFSBackupDriver", "eyJ9", TestRecordsForDownload()));

        Assert.Equal("{\n  \"backup_service\": \"cinder.backup.drivers.nfs.NFSBackupDriver\",\n  \"backup_url\": \"eyJ9\"\n}", json.ReplaceLineEndings("\n"));
    }

    private static BackupRecord TestRecordsForDownload() => Portal.Tests.Shared.TestRecords.Valid();
}
