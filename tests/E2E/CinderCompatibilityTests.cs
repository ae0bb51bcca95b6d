using System.Text.Json.Nodes;
using Portal.Core.Exporting;
using Portal.Core.Importing;
using Portal.Core.Records;
using Portal.Tests.Shared;

namespace Portal.Tests.E2E;

/// <summary>
/// The portal's exports judged by real Cinder code: Debian's python3-cinder (Zed) decodes every
/// export of an importable vector, and its own encode_record of the same fields gives the same bytes.
/// </summary>
public sealed class CinderCompatibilityTests(CinderCompatibilityTests.CinderVerdicts verdicts) : IClassFixture<CinderCompatibilityTests.CinderVerdicts>
{
    /// <summary>Debian's interpreter, where python3-cinder is installed (not another Python on PATH).</summary>
    private const string DebianPython = "/usr/bin/python3";

    public static TheoryData<string> OkVectors => CinderVectors.Names(v => v.PortalExpectsOk);

    [Theory]
    [MemberData(nameof(OkVectors))]
    public void PortalExport_DecodesInCinderToTheSameFields(string name)
    {
        var verdict = verdicts.For(name);

        Assert.Null(verdict.Error);
        var portalFields = JsonNode.Parse(RecordEncoder.ToJson(verdict.Export.Record))!.AsObject();
        Assert.Equal(portalFields.Select(p => p.Key), verdict.CinderDecoded!.Select(p => p.Key));
        foreach (var (key, value) in portalFields)
        {
            Assert.True(JsonNode.DeepEquals(value, verdict.CinderDecoded![key]), $"{key}: portal {value?.ToJsonString()}, Cinder {verdict.CinderDecoded![key]?.ToJsonString()}");
        }
    }

    [Theory]
    [MemberData(nameof(OkVectors))]
    public void PortalExport_IsByteIdenticalToCindersEncodeRecord(string name)
    {
        var verdict = verdicts.For(name);

        Assert.Equal(verdict.CinderUrl, verdict.Export.BackupUrl);
        Assert.True(verdict.Identical);
    }

    [Fact]
    public async Task CindersJudgement_SeesADifferenceOfOneByte()
    {
        // The same record written by .NET's own JSON writer (upper-case escapes, no spaces) is not Cinder's bytes.
        var export = verdicts.For("unicode_s3").Export;
        var dotnetJson = JsonNode.Parse(RecordEncoder.ToJson(export.Record))!.ToJsonString();

        var verdict = (await JudgeAsync([("dotnet_json", TestRecords.UrlOfJson(dotnetJson))]))[0];

        Assert.Null(verdict["error"]);
        Assert.False((bool)verdict["identical"]!);
    }

    private static async Task<List<JsonObject>> JudgeAsync(IEnumerable<(string Name, string BackupUrl)> exports)
    {
        var input = string.Join('\n', exports.Select(e => new JsonObject { ["name"] = e.Name, ["backup_url"] = e.BackupUrl }.ToJsonString()));
        var script = Path.Combine(AppContext.BaseDirectory, "Cinder", "cinder_compat.py");
        var run = await ProcessRunner.RunAsync(DebianPython, [script], input);
        Assert.True(run.ExitCode == 0, $"Cinder's code could not run (is Debian's python3-cinder installed?): {run.Error}");
        return [.. run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];
    }

    public sealed record Verdict(ExportedRecord Export, JsonObject? CinderDecoded, string? CinderUrl, bool Identical, string? Error);

    /// <summary>Imports and exports every importable vector, then has Cinder judge all the exports in one run.</summary>
    public sealed class CinderVerdicts : IAsyncLifetime
    {
        private readonly Dictionary<string, Verdict> _verdicts = [];

        public Verdict For(string name) => _verdicts[name];

        public async ValueTask InitializeAsync()
        {
            var exports = new List<(string Name, ExportedRecord Export)>();
            foreach (var vector in CinderVectors.All.Where(v => v.PortalExpectsOk))
            {
                await using var host = await CoreTestHost.StartForVectorAsync(vector);
                var imported = await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest(vector.BackupService, vector.BackupUrl));
                var exported = await host.Get<ExportService>().ExportAsync(Contexts.Member(), imported.Backup!.Id);
                exports.Add((vector.Name, exported.Value));
            }

            var judged = (await JudgeAsync(exports.Select(e => (e.Name, e.Export.BackupUrl)))).ToDictionary(j => (string)j["name"]!);
            foreach (var (name, export) in exports)
            {
                var verdict = judged[name];
                _verdicts[name] = new Verdict(export, verdict["decoded"] as JsonObject, (string?)verdict["cinder_url"], (bool)verdict["identical"]!, (string?)verdict["error"]);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
