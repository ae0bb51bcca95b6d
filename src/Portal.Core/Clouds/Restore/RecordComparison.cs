using System.Text.Json;

namespace Portal.Core.Clouds.Restore;

/// <summary>
/// Whether the backup Cinder holds is the record's: their exports compared field by field. Cinder
/// moves updated_at on every export, and its import_record gives the backup the importing user and
/// the importing backup service's driver, host and zone (backup/manager.py, "Overwrite some
/// fields"), so those never make a clash.
/// </summary>
internal static class RecordComparison
{
    private static readonly HashSet<string> _cinderSets = ["updated_at", "user_id", "service", "host", "availability_zone"];

    /// <summary>The keys whose values differ, but those Cinder sets itself.</summary>
    public static IReadOnlyList<string> Differences(string recordUrl, string cinderUrl)
    {
        var record = Fields(recordUrl);
        var cinder = Fields(cinderUrl);
        return [.. record.Keys.Union(cinder.Keys).Where(k => !_cinderSets.Contains(k) && record.GetValueOrDefault(k) != cinder.GetValueOrDefault(k)).Order(StringComparer.Ordinal)];
    }

    /// <summary>A note when Cinder gave the backup another user than the record's (it always gives the importing one).</summary>
    public static string? UserNote(string recordUrl, string cinderUrl)
    {
        var record = Fields(recordUrl).GetValueOrDefault("user_id");
        var cinder = Fields(cinderUrl).GetValueOrDefault("user_id");
        return record == cinder ? null : $"Cinder gave it the importing user {cinder} (the record's was {record}), as its import_record always does.";
    }

    private static Dictionary<string, string> Fields(string url)
    {
        using var json = JsonDocument.Parse(Convert.FromBase64String(url), Records.RecordLimits.Json);
        return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
    }
}
