using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Portal.Core.Common;

namespace Portal.Core.Records;

/// <summary>
/// Reads a backup_url (contract §2): base64, then UTF-8 JSON, then the record's fields. Accepts
/// what Cinder accepts and stores meaningfully; refuses with a stable code what Cinder refuses,
/// crashes on, leaves stuck in <c>creating</c> or would store as nonsense. Never throws on input.
/// </summary>
public static class RecordDecoder
{
    private static readonly JsonDocumentOptions _jsonOptions = new() { MaxDepth = 128 };

    public static Result<DecodedRecord> Decode(string? backupUrl)
    {
        if (string.IsNullOrEmpty(backupUrl))
        {
            return RecordErrors.Empty();
        }
        if (backupUrl.Length > RecordLimits.MaxBackupUrlLength)
        {
            return RecordErrors.TooLarge(backupUrl.Length);
        }

        var bytes = RecordBase64.Decode(backupUrl);
        if (!bytes.IsSuccess)
        {
            return bytes.Error;
        }
        var json = bytes.Value;
        if (json.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return RecordErrors.ByteOrderMark();
        }
        if (!Utf8.IsValid(json))
        {
            return RecordErrors.NotUtf8();
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, _jsonOptions);
        }
        catch (JsonException e)
        {
            return RecordErrors.NotJson(DescribeJsonError(e));
        }

        using (document)
        {
            var root = document.RootElement;
            if (JsonWellFormedness.Check(root) is { } malformed)
            {
                return malformed;
            }
            if (root.ValueKind != JsonValueKind.Object)
            {
                return RecordErrors.NotObject(KindName(root.ValueKind));
            }
            if (JsonWellFormedness.FindDuplicateKey(root, "") is { } duplicate)
            {
                return RecordErrors.DuplicateKey(duplicate);
            }
            return RecordFieldReader.Read(root);
        }
    }

    private static string DescribeJsonError(JsonException e)
    {
        var where = e.LineNumber is { } line && e.BytePositionInLine is { } column
            ? $" at line {line + 1}, byte {column + 1}"
            : "";
        return $"{FirstSentence(e.Message)}{where}";
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }

    internal static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };

    /// <summary>Checks JSON that System.Text.Json parses but Python and Cinder's databases cannot keep.</summary>
    private static class JsonWellFormedness
    {
        /// <summary>Lone UTF-16 surrogates in strings and numbers too large for a double.</summary>
        public static Error? Check(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (!IsValidText(() => property.Name))
                        {
                            return LoneSurrogate();
                        }
                        if (Check(property.Value) is { } error)
                        {
                            return error;
                        }
                    }
                    return null;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (Check(item) is { } error)
                        {
                            return error;
                        }
                    }
                    return null;
                case JsonValueKind.String:
                    return IsValidText(element.GetString) ? null : LoneSurrogate();
                case JsonValueKind.Number:
                    var literal = element.GetRawText();
                    return PythonJson.IsFloatLiteral(literal)
                        && !double.IsFinite(double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture))
                        ? RecordErrors.NotJson($"the number {Shorten(literal)} is too large to be represented")
                        : null;
                default:
                    return null;
            }
        }

        public static string? FindDuplicateKey(JsonElement element, string path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var property in element.EnumerateObject())
                    {
                        var propertyPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                        if (!seen.Add(property.Name))
                        {
                            return propertyPath;
                        }
                        if (FindDuplicateKey(property.Value, propertyPath) is { } nested)
                        {
                            return nested;
                        }
                    }
                    return null;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        if (FindDuplicateKey(item, $"{path}[{index++}]") is { } nested)
                        {
                            return nested;
                        }
                    }
                    return null;
                default:
                    return null;
            }
        }

        private static bool IsValidText(Func<string?> read)
        {
            try
            {
                read();
                return true;
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json refuses to unescape a lone surrogate such as "\ud83d".
                return false;
            }
        }

        private static Error LoneSurrogate() =>
            RecordErrors.NotJson("a string holds an unpaired UTF-16 surrogate escape, which is not Unicode text");

        private static string Shorten(string text) => text.Length <= 24 ? text : text[..21] + "...";
    }
}
