using System.Text.Json;

namespace Portal.Core.Records;

/// <summary>A record's fields in Cinder's order as text for people: strings unescaped, null as null, other values as JSON.</summary>
public static class RecordFieldValues
{
    public static IReadOnlyList<KeyValuePair<string, string?>> Of(BackupRecord record)
    {
        using var document = JsonDocument.Parse(RecordEncoder.ToJson(record), RecordLimits.Json);
        return [.. document.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => p.Value.GetString(),
            _ => p.Value.GetRawText(),
        }))];
    }
}
