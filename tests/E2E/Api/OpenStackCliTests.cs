using System.Text.Json.Nodes;
using Portal.Tests.E2E.Web;

namespace Portal.Tests.E2E.Api;

/// <summary>Debian's real <c>openstack</c> CLI (python3-openstackclient) against the running portal, with an API token.</summary>
[Collection(nameof(PortalServerCollection))]
public sealed class OpenStackCliTests(PortalServer server)
{
    private string? _token;

    /// <summary>What a user sets to point the CLI at the portal: the token page's recipe.</summary>
    private async Task<ProcessResult> OpenStackAsync(params string[] arguments) =>
        await RealClis.OpenStackAsync(server, _token ??= await RealClis.TokenAsync(server), arguments);

    private static JsonNode Json(ProcessResult result) =>
        result.ExitCode == 0 ? JsonNode.Parse(result.Output)! : throw new Xunit.Sdk.XunitException($"exit {result.ExitCode}: {result.Error}");

    [Fact]
    public async Task VolumeBackupList_ShowsEveryBackupOfTheProject()
    {
        var expected = await PortalData.CountAsync(server, new Portal.Core.Backups.BackupListQuery { ProjectId = "p-100" });

        var listed = Json(await OpenStackAsync("volume", "backup", "list", "-f", "json")).AsArray();

        // Pages of at most 7 (CinderApi:MaxLimit in the test server): the client followed the links.
        Assert.Equal(expected, listed.Count);
        Assert.All(listed, b => Assert.Matches("^[0-9a-f-]{36}$", (string)b!["ID"]!));
    }

    [Fact]
    public async Task VolumeBackupShow_ByIdAndByName()
    {
        var backup = (await PortalData.BackupsAsync(server, "p-100")).First(b => b.DisplayName is not null);

        var byId = Json(await OpenStackAsync("volume", "backup", "show", backup.Id, "-f", "json"));
        var byName = Json(await OpenStackAsync("volume", "backup", "show", backup.DisplayName!, "-f", "json"));

        Assert.Equal((backup.Id, backup.DisplayName), ((string)byId["id"]!, (string?)byId["name"]));
        Assert.Equal(backup.Id, (string)byName["id"]!);
    }

    [Fact]
    public async Task RecordExportDeleteImport_BringsTheBackupBackWithItsId()
    {
        var backups = await PortalData.BackupsAsync(server, "p-100");
        var backup = backups.First(b => b.ParentId is null && !backups.Any(d => d.ParentId == b.Id));

        var record = Json(await OpenStackAsync("volume", "backup", "record", "export", backup.Id, "-f", "json"));
        var deleted = await OpenStackAsync("volume", "backup", "delete", backup.Id);
        var gone = await OpenStackAsync("volume", "backup", "show", backup.Id);
        var imported = Json(await OpenStackAsync("volume", "backup", "record", "import", (string)record["backup_service"]!, (string)record["backup_url"]!, "-f", "json"));

        Assert.True(deleted.ExitCode == 0, deleted.Error);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Equal(backup.Id, (string)imported["id"]!);
        Assert.Equal("available", (string)Json(await OpenStackAsync("volume", "backup", "show", backup.Id, "-f", "json"))["status"]!);
    }

    [Fact]
    public async Task RecordExport_OfABackupThatIsNotAvailable_PrintsThePortalsMessage()
    {
        var busy = (await PortalData.BackupsAsync(server, "p-100", status: null)).First(b => b.Status != "available");

        var refused = await OpenStackAsync("volume", "backup", "record", "export", busy.Id);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("only available backups can be exported", refused.Error, StringComparison.Ordinal);
        Assert.Contains("(HTTP 400)", refused.Error, StringComparison.Ordinal);
    }
}
