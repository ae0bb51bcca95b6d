using System.Text.Json;
using Portal.Core.Common;
using Portal.Core.Records;

namespace Portal.Core.Importing;

/// <summary>
/// The body of Cinder's <c>POST /backups/import_record</c>, read as Cinder's schema has it: exactly
/// <c>{"backup-record": {"backup_service": "...", "backup_url": "..."}}</c>, both values strings, no
/// other keys. Every way a body can fail that shape is a contract error code, so the refusal can be
/// audited like any other (contract §6) instead of ending as a bare 400 or a 500.
/// </summary>
public static class ImportEnvelope
{
    /// <summary>
    /// The largest body read: a backup_url at its 1 MiB limit with every character escaped as
    /// <c>\/</c> still fits, so a record is never refused for its envelope's size alone.
    /// </summary>
    public const int MaxBodyBytes = 2 * RecordLimits.MaxBackupUrlLength + 64 * 1024;

    private static readonly string[] RecordKeys = ["backup_service", "backup_url"];

    private const string Shape = "{\"backup-record\": {\"backup_service\": \"...\", \"backup_url\": \"...\"}}";

    public static Result<ImportRequest> Read(ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxBodyBytes)
        {
            return TooLarge(body.Length);
        }
        if (body.IsEmpty || body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return NotJson("the body is empty");
        }
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return NotJson("the body is not UTF-8 text");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), RecordLimits.Json);
        }
        catch (JsonException e)
        {
            return NotJson(Echo.Of(e.Message, 200));
        }
        using (document)
        {
            try
            {
                return ReadRoot(document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // A key or value escapes half of a surrogate pair (\ud800): valid JSON, but not text.
                return NotJson("a key or value holds a \\u escape of half a surrogate pair, which is not text");
            }
        }
    }

    /// <summary>A body over <see cref="MaxBodyBytes"/>: Cinder's 413, with the record code.</summary>
    public static Error TooLarge(long? bodyBytes) => new(
        ErrorCodes.TooLarge,
        (bodyBytes is { } length ? $"The request body is {length:N0} bytes; bodies" : "The request body is too large; bodies") +
        $" over {MaxBodyBytes:N0} bytes are refused, as are records over " +
        $"{RecordLimits.MaxBackupUrlLength:N0} characters (1 MiB). A real Cinder record is a few kilobytes: check what is being sent.");

    private static Result<ImportRequest> ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new Error(ErrorCodes.NotObject, $"The body is a JSON {Kind(root)}; it must be the object {Shape}.");
        }
        if (DuplicateKey(root) is { } duplicate)
        {
            return duplicate;
        }
        if (!root.TryGetProperty("backup-record", out var record))
        {
            return Missing(["backup-record"]);
        }
        if (Extra(root, "backup-record") is { } extraRoot)
        {
            return extraRoot;
        }
        if (record.ValueKind != JsonValueKind.Object)
        {
            return Invalid("backup-record", $"is a JSON {Kind(record)}; it must be an object");
        }
        var missing = RecordKeys.Where(key => !record.TryGetProperty(key, out _)).ToList();
        if (missing.Count > 0)
        {
            return Missing([.. missing.Select(key => "backup-record." + key)]);
        }
        if (Extra(record, RecordKeys) is { } extraRecord)
        {
            return extraRecord;
        }
        var service = record.GetProperty("backup_service");
        var url = record.GetProperty("backup_url");
        if (service.ValueKind != JsonValueKind.String)
        {
            return Invalid("backup_service", $"is a JSON {Kind(service)}; it must be a string");
        }
        if (url.ValueKind != JsonValueKind.String)
        {
            return Invalid("backup_url", $"is a JSON {Kind(url)}; it must be a string");
        }
        return new ImportRequest(service.GetString()!, url.GetString()!);
    }

    /// <summary>The first key given twice in one object, anywhere in the body: its value would be ambiguous.</summary>
    private static Error? DuplicateKey(JsonElement element, string path = "")
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                if (!seen.Add(property.Name))
                {
                    return new Error(ErrorCodes.DuplicateKey,
                        $"The key '{Echo.Of(at, 80)}' appears more than once in the body, so its value is ambiguous. Keep one of them.");
                }
                if (DuplicateKey(property.Value, at) is { } inner)
                {
                    return inner;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (DuplicateKey(item, path + "[]") is { } inner)
                {
                    return inner;
                }
            }
        }
        return null;
    }

    private static Error? Extra(JsonElement element, params string[] allowed)
    {
        var extra = element.EnumerateObject().Select(p => p.Name).Where(name => !allowed.Contains(name, StringComparer.Ordinal)).ToList();
        return extra.Count == 0 ? null : new Error(ErrorCodes.InvalidField,
            $"The body has the {(extra.Count == 1 ? "key" : "keys")} {string.Join(", ", extra.Take(5).Select(k => $"'{Echo.Of(k, 40)}'"))}, " +
            $"which Cinder does not accept. It must be exactly {Shape}.")
        {
            Fields = [.. extra.Take(5).Select(k => new FieldError(Echo.Of(k, 40), "not allowed"))],
        };
    }

    private static Error Missing(IReadOnlyList<string> keys) => new(
        ErrorCodes.MissingFields,
        $"The body lacks {string.Join(", ", keys)}. It must be {Shape}, as 'cinder backup-import' sends it.")
    {
        Fields = [.. keys.Select(k => new FieldError(k, "required"))],
    };

    private static Error Invalid(string field, string problem) => new(
        ErrorCodes.InvalidField, $"In the body, {field} {problem}. It must be {Shape}.")
    {
        Fields = [new FieldError(field, problem)],
    };

    private static Error NotJson(string detail) => new(
        ErrorCodes.NotJson, $"The body is not a JSON backup record ({detail}). It must be {Shape}.");

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "object",
    };
}
