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
        if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return RecordErrors.ByteOrderMark();
        }
        if (!Utf8.IsValid(json.Span))
        {
            return RecordErrors.NotUtf8();
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, RecordLimits.Json);
        }
        catch (JsonException e)
        {
            return e.Message.Contains("maximum configured depth", StringComparison.Ordinal)
                ? RecordErrors.TooDeep()
                : RecordErrors.NotJson(DescribeJsonError(e));
        }

        using (document)
        {
            var root = document.RootElement;
            if (JsonWellFormedness.Check(root, JsonWellFormedness.MayHoldSurrogateEscapes(json.Span)) is { } malformed)
            {
                return malformed;
            }
            if (root.ValueKind != JsonValueKind.Object)
            {
                return RecordErrors.NotObject(KindName(root.ValueKind));
            }
            if (JsonWellFormedness.FindDuplicateKey(root) is { } duplicate)
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
        /// <summary>Lone UTF-16 surrogates in strings, and numbers too large for a double.</summary>
        /// <param name="mayHoldSurrogateEscapes">False when the text has no <c>\uD800</c>-style escape at all, which spares reading every string.</param>
        public static Error? Check(JsonElement element, bool mayHoldSurrogateEscapes)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (mayHoldSurrogateEscapes && !IsValidText(property))
                        {
                            return LoneSurrogate();
                        }
                        if (Check(property.Value, mayHoldSurrogateEscapes) is { } error)
                        {
                            return error;
                        }
                    }
                    return null;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (Check(item, mayHoldSurrogateEscapes) is { } error)
                        {
                            return error;
                        }
                    }
                    return null;
                case JsonValueKind.String:
                    return !mayHoldSurrogateEscapes || IsValidText(element) ? null : LoneSurrogate();
                case JsonValueKind.Number:
                    // Only a number past double's range needs a closer look: a long integer literal is still a valid Python int.
                    if (element.TryGetDouble(out var number) && double.IsFinite(number))
                    {
                        return null;
                    }
                    var literal = element.GetRawText();
                    return PythonJson.IsFloatLiteral(literal)
                        ? RecordErrors.NotJson($"the number {Shorten(literal)} is too large to be represented")
                        : null;
                default:
                    return null;
            }
        }

        /// <summary>Whether the UTF-8 JSON text holds a <c>\u</c> escape of a surrogate (D800-DFFF), paired or not.</summary>
        public static bool MayHoldSurrogateEscapes(ReadOnlySpan<byte> json)
        {
            for (var at = json.IndexOf("\\u"u8); at >= 0 && at + 3 < json.Length; at = NextEscape(json, at))
            {
                if (json[at + 2] is (byte)'d' or (byte)'D' && json[at + 3] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F'))
                {
                    return true;
                }
            }
            return false;
        }

        private static int NextEscape(ReadOnlySpan<byte> json, int at)
        {
            var next = json[(at + 2)..].IndexOf("\\u"u8);
            return next < 0 ? -1 : at + 2 + next;
        }

        /// <summary>The dotted path of the first key that appears twice in one object, or null.</summary>
        public static string? FindDuplicateKey(JsonElement root)
        {
            // Steps are kept as names or array indexes and joined only when a duplicate is found.
            var path = new List<object>();
            return HasDuplicate(root, path)
                ? string.Concat(path.Select((step, i) => step is int index ? $"[{index}]" : i == 0 ? (string)step : "." + (string)step))
                : null;
        }

        private static bool HasDuplicate(JsonElement element, List<object> path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var property in element.EnumerateObject())
                    {
                        var name = RecordKeys.NameOf(property);
                        path.Add(name);
                        if (!seen.Add(name) || HasDuplicate(property.Value, path))
                        {
                            return true;
                        }
                        path.RemoveAt(path.Count - 1);
                    }
                    return false;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        path.Add(index++);
                        if (HasDuplicate(item, path))
                        {
                            return true;
                        }
                        path.RemoveAt(path.Count - 1);
                    }
                    return false;
                default:
                    return false;
            }
        }

        private static bool IsValidText(JsonProperty property)
        {
            try
            {
                _ = property.Name;
                return true;
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json refuses to unescape a lone surrogate such as "\ud83d".
                return false;
            }
        }

        private static bool IsValidText(JsonElement element)
        {
            try
            {
                _ = element.GetString();
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        private static Error LoneSurrogate() =>
            RecordErrors.NotJson("a string holds an unpaired UTF-16 surrogate escape, which is not Unicode text");

        private static string Shorten(string text) => Echo.Of(text, 24);
    }
}
