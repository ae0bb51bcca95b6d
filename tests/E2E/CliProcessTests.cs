using System.Text.Json.Nodes;
using Portal.Core.Records;
using Portal.Tests.Shared;

namespace Portal.Tests.E2E;

/// <summary>
/// The operators' command line as they run it: the built executable, configured by environment
/// variables, on a real database (a SQLite file, or PostgreSQL when the run names a server).
/// </summary>
public sealed class CliProcessTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backupportal-e2e", Guid.NewGuid().ToString("N"));
    private TestDatabase _database = default!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _database = await TestDatabase.CreateAsync(Path.Combine(_directory, "portal.db"));
        // A fresh deployment starts without its database: migrate creates it.
        await _database.DropAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<ProcessResult> PortalAsync(string standardInput, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.dll"), .. args], standardInput, new Dictionary<string, string>(_database.EnvironmentVariables)
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["BackupServices__0__Driver"] = "cinder.backup.drivers.nfs.NFSBackupDriver",
            ["BackupServices__0__Host"] = "backuphost1",
            ["BackupServices__0__AvailabilityZone"] = "nova",
        });

    private static readonly IReadOnlyList<CinderVector> _nfsOkVectors = [.. CinderVectors.All.Where(v =>
        v.PortalExpectsOk && v.Preexisting is null && ((JsonArray)v.Setup["backup_services"]!).Single()!["driver"]!.GetValue<string>().Contains(".nfs.", StringComparison.Ordinal))];

    private static string Lines(IEnumerable<CinderVector> vectors) =>
        string.Join('\n', vectors.Select(v => new JsonObject { ["backup_service"] = v.BackupService, ["backup_url"] = v.BackupUrl }.ToJsonString()));

    [Fact]
    public async Task ExportAll_DeleteTheDatabase_MigrateAndImport_BringsEveryBackupBackWithItsIdAndOwner()
    {
        Assert.True(_nfsOkVectors.Count >= 5);
        var migrate = await PortalAsync("", "migrate");
        var import = await PortalAsync(Lines(_nfsOkVectors), "import", "--file", "-");
        var exportPath = Path.Combine(_directory, "all.jsonl");
        var export = await PortalAsync("", "export", "--all", "--file", exportPath);
        var before = await File.ReadAllLinesAsync(exportPath, TestContext.Current.CancellationToken);

        await _database.DropAsync();
        var remigrate = await PortalAsync("", "migrate");
        var reimport = await PortalAsync("", "import", "--file", exportPath);
        var reexport = await PortalAsync("", "export", "--all", "--file", "-");

        Assert.Matches(@"Applied [1-9]\d* migration\(s\): \d+_Initial", migrate.Output);
        Assert.True(import.ExitCode == 0, import.Output + import.Error);
        Assert.Equal(0, export.ExitCode);
        Assert.Matches(@"Applied [1-9]\d* migration\(s\): \d+_Initial", remigrate.Output);
        Assert.True(reimport.ExitCode == 0, reimport.Output + reimport.Error);
        Assert.Contains($"imported {_nfsOkVectors.Count}", reimport.Output, StringComparison.Ordinal);
        var after = reexport.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(before.Length, after.Length);
        foreach (var (original, restored) in before.Zip(after))
        {
            var first = RecordDecoder.Decode((string)JsonNode.Parse(original)!["backup_url"]!).Value.Record;
            var second = RecordDecoder.Decode((string)JsonNode.Parse(restored)!["backup_url"]!).Value.Record;
            // Only updated_at moves: it is the time of the import (contract §3).
            Assert.Equal(first with { UpdatedAt = null }, second with { UpdatedAt = null });
        }
    }

    [Fact]
    public async Task RecordsCheck_WritesOneAnswerPerLineAndNothingToTheDatabase()
    {
        await PortalAsync("", "migrate");
        var input = Lines(_nfsOkVectors) + "\n" + Lines([CinderVectors.Named("missing_id"), CinderVectors.Named("service_mismatch")]);

        var check = await PortalAsync(input, "records", "check");
        var export = await PortalAsync("", "export", "--all", "--file", "-");

        var answers = check.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(1, check.ExitCode);
        Assert.Equal(_nfsOkVectors.Count + 2, answers.Count);
        Assert.All(answers.Take(_nfsOkVectors.Count), a => Assert.True((bool)a["ok"]!));
        Assert.Equal(["record.missing_id", "import.service_not_found"], answers.Skip(_nfsOkVectors.Count).Select(a => (string?)a["code"]));
        Assert.Empty(export.Output.Trim());
    }

    [Fact]
    public async Task Help_ListsTheCommandsWithoutADatabase()
    {
        var help = await PortalAsync("", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.All(new[] { "migrate", "import", "export", "records" }, c => Assert.Contains(c, help.Output, StringComparison.Ordinal));
        Assert.False(await _database.ExistsAsync());
    }

    [Fact]
    public async Task TheWebServer_InProduction_RefusesToStartWithoutItsDatabase_AndCreatesNone()
    {
        var start = await ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.dll"), "--urls", "http://127.0.0.1:0"], "",
            new Dictionary<string, string>(_database.EnvironmentVariables)
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["Auth__Authority"] = "https://idp.example",
                ["Auth__ClientId"] = "portal",
                ["Auth__ClientSecret"] = "secret",
            });
        var import = await PortalAsync(Lines(_nfsOkVectors.Take(1)), "import", "--file", "-");

        Assert.Equal(3, start.ExitCode);
        Assert.Contains("BackupPortal cannot start", start.Error, StringComparison.Ordinal);
        Assert.Contains("run 'Portal migrate'", start.Error, StringComparison.Ordinal);
        Assert.Equal(3, import.ExitCode);
        Assert.False(await _database.ExistsAsync());
    }
}
