using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Cli;
using Portal.Core.Auditing;
using Portal.Core.Tenancy;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Cli;

/// <summary>The command line of contract §7, run in-process on a real SQLite file.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backupportal-cli-tests", Guid.NewGuid().ToString("N"));
    private CoreTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var services = CinderVectors.All.SelectMany(v => ((JsonArray)v.Setup["backup_services"]!).Select(s => (string)s!["driver"]!)).Distinct()
            .SelectMany((driver, i) => new[]
            {
                KeyValuePair.Create($"BackupServices:{i}:Driver", (string?)driver),
                KeyValuePair.Create($"BackupServices:{i}:Host", (string?)$"host{i}"),
            });
        _host = await CoreTestHost.StartAsync(services);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<(int ExitCode, string Out, string Error)> RunAsync(string input, params string[] args) => InProcessCli.RunAsync(_host, input, args);

    private static string VectorLines(Func<CinderVector, bool> filter) => string.Join('\n', CinderVectors.All.Where(filter)
        .Select(v => new JsonObject { ["backup_service"] = v.BackupService, ["backup_url"] = v.BackupUrl }.ToJsonString()));

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public async Task RecordsCheck_EachLine_AnswersInTheContractShape()
    {
        // This host runs every vector's driver at once, so only vectors that need no setup of their own apply.
        static bool NeedsNoSetup(CinderVector v) => v.Preexisting is null && !v.PortalCodes.Contains("import.service_not_found");
        var vectors = CinderVectors.All.Where(NeedsNoSetup).ToList();
        var input = VectorLines(NeedsNoSetup) + "\n\nnot json at all\n";

        var (exitCode, output, _) = await RunAsync(input, "records", "check");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        // Every input line is answered, the empty one too, in order and with its number.
        Assert.Equal(vectors.Count + 2, lines.Count);
        Assert.Equal(Enumerable.Range(1, lines.Count), lines.Select(l => (int)l["line"]!));
        Assert.Equal(ExitCodes.Refused, exitCode);
        foreach (var (vector, line) in vectors.Zip(lines))
        {
            Assert.Equal(["line", "ok", "code", "message", "warnings", "record"], line.Select(p => p.Key));
            Assert.Equal(vector.PortalExpectsOk, (bool)line["ok"]!);
            Assert.Equal((vector.PortalCodes.Count == 0 ? null : vector.PortalCodes[0]), (string?)line["code"]);
            Assert.Equal(vector.PortalExpectsOk, line["message"] is null);
            Assert.Equal((vector.PortalCodes.Count == 0 ? null : vector.PortalCodes[0])?.StartsWith("record.", StringComparison.Ordinal) != true, line["record"] is JsonObject);
        }
        Assert.Equal(("record.not_json", false), ((string?)lines[^2]["code"], (bool)lines[^2]["ok"]!));
        Assert.Contains("is empty", (string?)lines[^2]["message"], StringComparison.Ordinal);
        Assert.Equal("record.not_json", (string?)lines[^1]["code"]);
        Assert.Equal(0, await _host.QueryAsync(db => db.AuditEntries.CountAsync(Ct)));
        Assert.Equal(0, await _host.QueryAsync(db => db.Backups.CountAsync(Ct)));
    }

    [Fact]
    public async Task RecordsCheck_ValidRecord_ShowsItsCanonicalFields()
    {
        var vector = CinderVectors.Named("unicode_s3");

        var (exitCode, output, _) = await RunAsync(VectorLines(v => v == vector), "records", "check");

        var record = JsonNode.Parse(output)!["record"]!.AsObject();
        Assert.Equal(0, exitCode);
        Assert.Equal("café 😀 日本語", (string?)record["display_name"]);
        Assert.Equal(vector.Decoded!["id"]!.GetValue<string>(), (string?)record["id"]);
        Assert.Equal("driver_info", record.First().Key);
    }

    [Fact]
    public async Task ImportThenExport_RoundTripsAFileOfRecordsKeepingTheirOwners()
    {
        var okVectors = CinderVectors.All.Where(v => v.PortalExpectsOk && v.Preexisting is null).ToList();
        await File.WriteAllTextAsync(PathOf("in.jsonl"), VectorLines(okVectors.Contains), Ct);

        var import = await RunAsync("", "import", "--file", PathOf("in.jsonl"), "--report", PathOf("report.jsonl"));
        var export = await RunAsync("", "export", "--all", "--file", PathOf("out.jsonl"));
        var reimport = await RunAsync("", "import", "--file", PathOf("out.jsonl"), "--dry-run");

        Assert.Equal((0, 0), (import.ExitCode, export.ExitCode));
        Assert.Contains($"{okVectors.Count} record(s): imported {okVectors.Count}.", import.Out, StringComparison.Ordinal);
        var report = (await File.ReadAllLinesAsync(PathOf("report.jsonl"), Ct)).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.All(report, r => Assert.Equal("imported", (string?)r["outcome"]));
        var exported = (await File.ReadAllLinesAsync(PathOf("out.jsonl"), Ct)).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(okVectors.Select(v => v.Decoded!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal),
            exported.Select(e => Portal.Core.Records.RecordDecoder.Decode((string)e["backup_url"]!).Value.Record.Id).Order(StringComparer.Ordinal));
        var owners = exported.Select(e => Portal.Core.Records.RecordDecoder.Decode((string)e["backup_url"]!).Value.Record)
            .ToDictionary(r => r.Id, r => r.ProjectId);
        Assert.All(okVectors, v => Assert.Equal(v.Decoded!["project_id"]!.GetValue<string>(), owners[v.Decoded!["id"]!.GetValue<string>()]));
        Assert.Equal(0, reimport.ExitCode);
        Assert.Contains($"unchanged {okVectors.Count}. ", reimport.Out, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was written.", reimport.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_IntoAProject_AuditsEachLineOnTheCliChannelAndReportsRejections()
    {
        var input = VectorLines(v => v.Name is "zed_full_nfs" or "missing_id") + "\n{\"not\": \"a record\"}\n";
        await File.WriteAllTextAsync(PathOf("in.jsonl"), input, Ct);

        var (exitCode, output, _) = await RunAsync("", "import", "--file", PathOf("in.jsonl"), "--project", "tenant-9");

        Assert.Equal(1, exitCode);
        Assert.Contains("3 record(s): imported 1, rejected 2.", output, StringComparison.Ordinal);
        var entries = await _host.QueryAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync(Ct));
        Assert.Equal([AuditOutcomes.Imported, AuditOutcomes.Rejected, AuditOutcomes.Rejected], entries.Select(e => e.Outcome));
        Assert.All(entries, e => Assert.Equal(Channels.Cli, e.Channel));
        Assert.Equal("{\"not\": \"a record\"}", entries[2].RawInputText());
        Assert.Equal("tenant-9", (await _host.QueryAsync(db => db.Backups.SingleAsync(Ct))).ProjectId);
    }

    [Fact]
    public async Task Import_FromStandardInput_ReadsTheLines()
    {
        var (exitCode, output, _) = await RunAsync(VectorLines(v => v.Name == "zed_full_nfs"), "import", "--file", "-");

        Assert.Equal(0, exitCode);
        Assert.Contains("imported 1", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("export", "--file", "x.jsonl")]
    [InlineData("export", "--all", "--project", "p", "--file", "x.jsonl")]
    [InlineData("import")]
    public async Task Commands_WithWrongArguments_FailWithoutTouchingTheDatabase(params string[] args)
    {
        var (exitCode, _, error) = await RunAsync("", args);

        Assert.NotEqual(0, exitCode);
        Assert.NotEmpty(error);
        Assert.Equal(0, await _host.QueryAsync(db => db.AuditEntries.CountAsync(Ct)));
    }

    [Fact]
    public async Task Migrate_OnAnUpToDateDatabase_SaysSo()
    {
        var (exitCode, output, _) = await RunAsync("", "migrate");

        Assert.Equal(0, exitCode);
        Assert.Contains("up to date", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "migrate" }, false, null)]
    [InlineData(new[] { "records", "check" }, false, null)]
    [InlineData(new[] { "audit", "verify" }, false, null)]
    [InlineData(new[] { "adit", "verify" }, false, null)]
    [InlineData(new[] { "--help" }, false, null)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:0" }, true, "--urls http://127.0.0.1:0")]
    [InlineData(new[] { "serve", "--urls", "http://127.0.0.1:0" }, true, "--urls http://127.0.0.1:0")]
    [InlineData(new string[0], true, "")]
    public void IsWebServer_OnlyWithNoCommandOrServe(string[] args, bool isWebServer, string? webArguments)
    {
        Assert.Equal(isWebServer, PortalCli.IsWebServer(args, out var passed));
        if (isWebServer)
        {
            Assert.Equal(webArguments, string.Join(' ', passed));
        }
    }

    [Theory]
    [InlineData("adit", "verify")]
    [InlineData("audit", "verfy")]
    [InlineData("import", "--flie", "x.jsonl")]
    public async Task UnknownCommandOrOption_FailsWithTheUsageAndWritesNothing(params string[] args)
    {
        var (exitCode, output, error) = await RunAsync("", args);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Empty(output.Trim());
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
        Assert.Equal(0, await _host.QueryAsync(db => db.AuditEntries.CountAsync(Ct)));
    }

    [Fact]
    public async Task TokensCreate_PrintsATokenThatAuthenticatesAsTheServiceAccount()
    {
        var (exitCode, output, error) = await RunAsync("", "tokens", "create", "--user", "svc-backup", "--project", "p-7", "--role", "member", "--expires-in", "30d");

        Assert.Equal(0, exitCode);
        var secret = output.Trim();
        Assert.Contains("not shown again", error, StringComparison.Ordinal);
        var caller = await _host.Get<Portal.Core.Tokens.ApiTokenService>().AuthenticateAsync(secret, "req", null, Ct);
        Assert.Equal(("svc-backup", "p-7"), (caller!.UserId, caller.ProjectId));
    }

    [Theory]
    [InlineData("--expires-in", "30 days")]
    [InlineData("--role", "owner")]
    public async Task TokensCreate_WithBadArguments_SaysWhyAndCreatesNothing(string option, string value)
    {
        var arguments = new Dictionary<string, string> { ["--user"] = "svc", ["--project"] = "p-7", ["--role"] = "member", [option] = value };

        var (exitCode, output, error) = await RunAsync("", ["tokens", "create", .. arguments.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(2, exitCode);
        Assert.Empty(output.Trim());
        Assert.NotEmpty(error.Trim());
        Assert.Equal(0, await _host.QueryAsync(db => db.ApiTokens.CountAsync(Ct)));
    }

    [Fact]
    public async Task AuditVerify_IsZeroOnAnIntactChain_AndOneNamingTheFirstAlteredEntry()
    {
        var importer = _host.Get<Portal.Core.Importing.ImportService>();
        for (var i = 0; i < 3; i++)
        {
            await importer.ImportAsync(Contexts.Member(), new Portal.Core.Importing.ImportRequest("x", $"not a record {i}"), Ct);
        }

        var intact = await RunAsync("", "audit", "verify");
        var second = await _host.QueryAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).Skip(1).Select(e => e.Sequence).FirstAsync(Ct));
        await _host.QueryAsync(db => db.AuditEntries.Where(e => e.Sequence == second).ExecuteUpdateAsync(u => u.SetProperty(e => e.ErrorMessage, "rewritten"), Ct));
        var altered = await RunAsync("", "audit", "verify");

        Assert.Equal((0, "The audit chain is intact: 3 entries checked."), (intact.ExitCode, intact.Out.Trim()));
        Assert.Equal(1, altered.ExitCode);
        Assert.Contains($"the first at entry {second}", altered.Out, StringComparison.Ordinal);
    }
}
