using System.Text.Json.Nodes;

namespace Portal.Tests.Shared;

/// <summary>One line of <c>cinder-vectors/public.jsonl</c>: a record made and judged by real Cinder code.</summary>
public sealed record CinderVector(JsonObject Json)
{
    public string Name => (string)Json["name"]!;
    public string BackupService => (string)Json["backup_service"]!;
    public string BackupUrl => (string)Json["backup_url"]!;
    public JsonObject? Decoded => Json["decoded"] as JsonObject;
    public JsonObject Portal => (JsonObject)Json["portal"]!;
    public bool PortalExpectsOk => (string)Portal["expect"]! == "ok";
    public IReadOnlyList<string> PortalCodes => [.. ((JsonArray)Portal["codes"]!).Select(c => (string)c!)];
    public JsonObject Setup => (JsonObject)Portal["setup"]!;
    public JsonObject? Preexisting => Setup["preexisting"] as JsonObject;
    public JsonObject? FinalRecord => Json["import"]?["final_record"] as JsonObject;

    public IEnumerable<KeyValuePair<string, string?>> BackupServiceSettings() =>
        ((JsonArray)Setup["backup_services"]!).SelectMany((service, i) => new[]
        {
            KeyValuePair.Create($"BackupServices:{i}:Driver", (string?)service!["driver"]),
            KeyValuePair.Create($"BackupServices:{i}:Host", (string?)service["host"]),
            KeyValuePair.Create($"BackupServices:{i}:AvailabilityZone", (string?)service["availability_zone"]),
        });

    public override string ToString() => Name;
}

public static class CinderVectors
{
    /// <summary>The importer every vector assumes (cinder-record-format.md §8).</summary>
    public const string ImporterUserId = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0";
    public const string ImporterProjectId = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
    public static readonly DateTimeOffset ImportTime = new(2025, 1, 15, 10, 30, 45, TimeSpan.Zero);

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "TestData", "cinder-vectors", "public.jsonl");

    public static IReadOnlyList<CinderVector> All { get; } =
        [.. File.ReadLines(FilePath).Where(l => l.Length > 0).Select(l => new CinderVector((JsonObject)JsonNode.Parse(l)!))];

    public static CinderVector Named(string name) => All.Single(v => v.Name == name);

    public static TheoryData<string> Names(Func<CinderVector, bool>? filter = null) =>
        [.. All.Where(filter ?? (_ => true)).Select(v => v.Name)];
}
