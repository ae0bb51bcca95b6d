using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Exporting;
using Portal.Core.Tenancy;
using Portal.Core.Tokens;
using Portal.Tests.E2E.Web;
using Portal.Tests.Shared;

namespace Portal.Tests.E2E.Api;

/// <summary>Debian's real <c>cinder</c> CLI (python3-cinderclient) against the running portal, signed in with noauth.</summary>
[Collection(nameof(PortalServerCollection))]
public sealed class CinderCliTests(PortalServer server)
{
    /// <summary>What a user sets to point the CLI at the portal (the endpoint names the project, as Cinder's does).</summary>
    private Task<ProcessResult> CinderAsync(params string[] arguments) => RealClis.CinderAsync(server, arguments);

    /// <summary>A property's value in the table the CLI prints.</summary>
    private static string Property(ProcessResult result, string name) =>
        Regex.Match(result.Output, $@"^\|\s*{Regex.Escape(name)}\s*\|\s*(?<value>\S*)\s*\|", RegexOptions.Multiline) is { Success: true } match
            ? match.Groups["value"].Value
            : throw new Xunit.Sdk.XunitException($"No '{name}' in:\n{result.Output}\n{result.Error}");

    [Fact]
    public async Task BackupList_FollowsNextLinksThroughEveryBackupOfTheProject()
    {
        var expected = await PortalData.CountAsync(server, new Portal.Core.Backups.BackupListQuery { ProjectId = "p-100" });

        var listed = await CinderAsync("backup-list");

        Assert.True(listed.ExitCode == 0, listed.Error);
        var rows = Regex.Matches(listed.Output, @"^\| [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} \|", RegexOptions.Multiline);
        // Pages of at most 7 (CinderApi:MaxLimit in the test server): the client followed the links.
        Assert.Equal(expected, rows.Count);
    }

    [Fact]
    public async Task BackupShow_ByName_FindsTheBackupThroughTheList()
    {
        var backup = (await PortalData.BackupsAsync(server, "p-100")).First(b => b.DisplayName is not null);

        var shown = await CinderAsync("backup-show", backup.DisplayName!);

        Assert.True(shown.ExitCode == 0, shown.Error);
        Assert.Equal(backup.DisplayName, Property(shown, "name"));
    }

    [Fact]
    public async Task BackupShow_PrintsTheBackup()
    {
        var backup = (await PortalData.BackupsAsync(server, "p-100"))[3];

        var shown = await CinderAsync("backup-show", backup.Id);

        Assert.True(shown.ExitCode == 0, shown.Error);
        Assert.Equal(backup.Id, Property(shown, "id"));
        Assert.Equal(backup.Status, Property(shown, "status"));
    }

    [Fact]
    public async Task BackupExport_PrintsTheSameRecordThePortalExports()
    {
        var backup = (await PortalData.BackupsAsync(server, "p-100"))[4];
        var bob = new RequestContext { UserId = "bob", ProjectId = "p-100", Roles = new HashSet<string> { Roles.Member }, Channel = Channels.Cli };

        var exported = await CinderAsync("backup-export", backup.Id);

        Assert.True(exported.ExitCode == 0, exported.Error);
        var portal = await server.Services.GetRequiredService<ExportService>().ExportAsync(bob, backup.Id, TestContext.Current.CancellationToken);
        Assert.Equal(portal.Value.BackupService, Property(exported, "backup_service"));
        Assert.Equal(portal.Value.BackupUrl, Property(exported, "backup_url"));
    }

    [Fact]
    public async Task ARecordExportedWithTheCli_ImportsWithTheCli_AfterTheCliDeletedTheBackup()
    {
        var backups = await PortalData.BackupsAsync(server, "p-100");
        var backup = backups.First(b => b.ParentId is null && !backups.Any(d => d.ParentId == b.Id));
        var exported = await CinderAsync("backup-export", backup.Id);

        var deleted = await CinderAsync("backup-delete", backup.Id);
        var gone = await CinderAsync("backup-show", backup.Id);
        var imported = await CinderAsync("backup-import", Property(exported, "backup_service"), Property(exported, "backup_url"));
        var shown = await CinderAsync("backup-show", backup.Id);

        Assert.True(deleted.ExitCode == 0, deleted.Error);
        Assert.Contains($"Request to delete backup {backup.Id} has been accepted.", deleted.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.Equal(backup.Id, Property(imported, "id"));
        Assert.Equal((backup.Id, "available"), (Property(shown, "id"), Property(shown, "status")));
        Assert.Equal(["exported", "deleted", "revived"], (await PortalData.AuditAsync(server, backup.Id)).TakeLast(3).Select(e => e.Outcome));
    }

    [Fact]
    public async Task BackupDelete_OfABackupWithIncrementals_PrintsThePortalsReason()
    {
        var backups = await PortalData.BackupsAsync(server, "p-100");
        var parent = backups.First(b => backups.Any(d => d.ParentId == b.Id));

        var refused = await CinderAsync("backup-delete", parent.Id);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"Incremental backups exist for backup {parent.Id}", refused.Error + refused.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupImport_Refused_PrintsThePortalsMessage()
    {
        var url = TestRecords.Url(TestRecords.Valid());
        var first = await CinderAsync("backup-import", "cinder.backup.drivers.nfs", url);

        var second = await CinderAsync("backup-import", "cinder.backup.drivers.nfs", url);
        var broken = await CinderAsync("backup-import", "cinder.backup.drivers.nfs", "bm90IGpzb24=");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(1, second.ExitCode);
        Assert.Matches(@"^ERROR: Backup [0-9a-f-]{36} is already here with exactly this record's content\. Nothing to do\. \(HTTP 400\)", second.Error.Trim());
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("(HTTP 400)", broken.Error, StringComparison.Ordinal);
        Assert.StartsWith("ERROR: ", broken.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("'str' object has no attribute", broken.Error + broken.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAnApiToken_TheCliWorks_UntilTheTokenIsRevoked()
    {
        var tokens = server.Services.GetRequiredService<ApiTokenService>();
        var bob = new RequestContext { UserId = "bob", ProjectId = "p-100", Roles = new HashSet<string> { Roles.Member }, Channel = Channels.Ui };
        var created = (await tokens.CreateAsync(bob, "cli test", TimeSpan.FromHours(1), TestContext.Current.CancellationToken)).Value;
        var backup = (await PortalData.BackupsAsync(server, "p-100"))[0];
        // The recipe the tokens page prints: the token goes out as X-Auth-Token as it is. (With
        // OS_AUTH_TYPE in the environment instead of the flag, cinderclient 9.1 clashes on --os-endpoint.)
        Task<ProcessResult> WithTokenAsync(params string[] arguments) => ProcessRunner.RunAsync("/usr/bin/cinder",
            ["--os-auth-type", "admin_token", "--os-project-id", "p-100", "--os-endpoint", $"{server.BaseUrl}/volume/v3/p-100", .. arguments],
            environment: new Dictionary<string, string> { ["OS_TOKEN"] = created.Secret });

        var shown = await WithTokenAsync("backup-show", backup.Id);
        await tokens.RevokeAsync(bob, created.Token.Id, TestContext.Current.CancellationToken);
        var refused = await WithTokenAsync("backup-show", backup.Id);

        Assert.True(shown.ExitCode == 0, shown.Error);
        Assert.Equal(backup.Id, Property(shown, "id"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(HTTP 401)", refused.Error, StringComparison.Ordinal);
    }
}
