using System.Text.Json;
using Portal.Core.Common;

namespace Portal.Core.Importing;

/// <summary>One line of a JSON-lines record file: a request to import, or why the line is not one.</summary>
public sealed record RecordFileLine(int LineNumber, string Text, ImportRequest? Request, Error? Error);

/// <summary>Reads files of <c>{"backup_service": ..., "backup_url": ...}</c> lines, as <c>cinder backup-export</c> values are kept.</summary>
public static class RecordFile
{
    public static async IAsyncEnumerable<RecordFileLine> ReadJsonLinesAsync(
        TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var lineNumber = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            yield return Parse(lineNumber, line);
        }
    }

    /// <summary>
    /// One record as a person has it at hand: what <c>openstack volume backup record export -f json</c>
    /// or <c>cinder backup-export</c> printed, a JSON line, or the REST API's <c>{"backup-record": {...}}</c>.
    /// </summary>
    public static RecordFileLine ParseDocument(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("backup-record", out var body) && body.ValueKind == JsonValueKind.Object)
            {
                return Parse(1, body.GetRawText()) with { Text = text };
            }
        }
        catch (JsonException)
        {
            // Not JSON: Parse says so in the usual words.
        }
        return Parse(1, text);
    }

    public static RecordFileLine Parse(int lineNumber, string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("backup_url", out var url) && url.ValueKind == JsonValueKind.String)
            {
                // Cinder allows an empty backup_service, so an absent or null one reads as empty.
                var service = root.TryGetProperty("backup_service", out var s) ? s : default;
                if (service.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String)
                {
                    var backupService = service.ValueKind == JsonValueKind.String ? service.GetString()! : "";
                    return new RecordFileLine(lineNumber, line, new ImportRequest(backupService, url.GetString()!), null);
                }
            }
        }
        catch (JsonException)
        {
            // Reported below, like any other line that is not a record.
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate in a string: not a record either.
        }
        return new RecordFileLine(lineNumber, line, null, new Error(
            ErrorCodes.NotJson,
            $"Line {lineNumber} is not a JSON object with a string \"backup_url\" (and optionally \"backup_service\"). " +
            "Each line must look like {\"backup_service\": \"...\", \"backup_url\": \"...\"}."));
    }
}
