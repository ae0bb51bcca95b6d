using System.Text.Json;
using Portal.Core.Common;

namespace Portal.Core.Importing;

/// <summary>One line of a JSON-lines record file: a request to import, or why the line is not one.</summary>
public sealed record RecordFileLine(int LineNumber, string Text, ImportRequest? Request, Error? Error);

/// <summary>
/// Reads files of records in the shapes operators have them: JSON lines of
/// <c>{"backup_service": ..., "backup_url": ...}</c> (or of the REST API's <c>{"backup-record": {...}}</c>),
/// a JSON array of either, one such object (what <c>openstack volume backup record export -f json</c>
/// prints), or CSV with the columns <c>backup_service,backup_url</c>. Streamed: memory does not grow
/// with the file.
/// </summary>
public static class RecordFile
{
    /// <summary>One line of a record file, as exports write it and <see cref="ReadAsync(Stream, CancellationToken)"/> reads it.</summary>
    public static string FormatLine(string backupService, string backupUrl)
    {
        var line = new System.Text.StringBuilder("{\"backup_service\": ", backupUrl.Length + 96);
        Records.PythonJson.WriteString(line, backupService);
        line.Append(", \"backup_url\": ");
        Records.PythonJson.WriteString(line, backupUrl);
        return line.Append('}').ToString();
    }

    /// <summary>The largest single JSON document (not lines, not an array) read whole.</summary>
    private const int MaxDocumentChars = 2 * 1024 * 1024;

    public static async IAsyncEnumerable<RecordFileLine> ReadAsync(
        Stream stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        await foreach (var line in ReadAsync(reader, ct))
        {
            yield return line;
        }
    }

    public static async IAsyncEnumerable<RecordFileLine> ReadAsync(
        TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var first = await FirstNonWhitespaceAsync(reader, ct);
        if (first == '[')
        {
            // A JSON array, read element by element rather than whole.
            var index = 0;
            await foreach (var element in System.Text.Json.JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(
                               new ReaderStream(reader), cancellationToken: ct))
            {
                index++;
                yield return ParseDocument(element.GetRawText(), index);
            }
            yield break;
        }

        var firstLine = await reader.ReadLineAsync(ct);
        if (firstLine is null)
        {
            yield break;
        }
        if (first == '{' && !IsCompleteJson(firstLine))
        {
            // One pretty-printed object: what the openstack client prints with -f json.
            var document = firstLine + "\n" + await ReadAtMostAsync(reader, MaxDocumentChars, ct);
            yield return ParseDocument(document);
            yield break;
        }
        if (first == '{')
        {
            yield return ParseDocument(firstLine);
            await foreach (var line in ReadJsonLinesAsync(reader, 1, ct))
            {
                yield return line.Request is null ? ParseDocument(line.Text, line.LineNumber) : line;
            }
            yield break;
        }
        await foreach (var row in Csv.ReadAsync(reader, firstLine, ct))
        {
            yield return row;
        }
    }

    /// <summary>
    /// Every line of JSON lines, an empty one included (as a line that is no record), so each input
    /// line gets its answer in order: what <c>records check</c> reads.
    /// </summary>
    public static async IAsyncEnumerable<RecordFileLine> ReadEveryLineAsync(
        TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var lineNumber = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            yield return string.IsNullOrWhiteSpace(line)
                ? new RecordFileLine(lineNumber, line, null, new Error(ErrorCodes.NotJson,
                    $"Line {lineNumber} is empty. Each line must look like {{\"backup_service\": \"...\", \"backup_url\": \"...\"}}."))
                : Parse(lineNumber, line);
        }
    }

    private static async IAsyncEnumerable<RecordFileLine> ReadJsonLinesAsync(
        TextReader reader, int startAt, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var lineNumber = startAt;
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
    public static RecordFileLine ParseDocument(string text, int lineNumber = 1)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("backup-record", out var body) && body.ValueKind == JsonValueKind.Object)
            {
                return Parse(lineNumber, body.GetRawText()) with { Text = text };
            }
        }
        catch (JsonException)
        {
            // Not JSON: Parse says so in the usual words.
        }
        return Parse(lineNumber, text);
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

    private static async Task<char?> FirstNonWhitespaceAsync(TextReader reader, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var next = reader.Peek();
            if (next < 0)
            {
                return null;
            }
            if (!char.IsWhiteSpace((char)next))
            {
                return (char)next;
            }
            await reader.ReadAsync(new char[1], ct);
        }
    }

    private static bool IsCompleteJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<string> ReadAtMostAsync(TextReader reader, int limit, CancellationToken ct)
    {
        var buffer = new char[limit];
        var read = 0;
        int count;
        while (read < limit && (count = await reader.ReadAsync(buffer.AsMemory(read, limit - read), ct)) > 0)
        {
            read += count;
        }
        return new string(buffer, 0, read);
    }

    /// <summary>The rest of a text reader as UTF-8 bytes, for the JSON array reader.</summary>
    private sealed class ReaderStream(TextReader reader) : Stream
    {
        private readonly char[] _chars = new char[4096];
        private byte[] _pending = [];
        private int _offset;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset == _pending.Length)
            {
                var chars = reader.Read(_chars, 0, _chars.Length);
                if (chars == 0)
                {
                    return 0;
                }
                _pending = System.Text.Encoding.UTF8.GetBytes(_chars, 0, chars);
                _offset = 0;
            }
            var copied = Math.Min(count, _pending.Length - _offset);
            Array.Copy(_pending, _offset, buffer, offset, copied);
            _offset += copied;
            return copied;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>CSV with a header row naming <c>backup_service</c> and <c>backup_url</c>, quoted fields allowed.</summary>
    private static class Csv
    {
        public static async IAsyncEnumerable<RecordFileLine> ReadAsync(
            TextReader reader, string header, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            var columns = Split(header).Select(c => c.Trim().ToLowerInvariant()).ToList();
            var serviceColumn = columns.IndexOf("backup_service");
            var urlColumn = columns.IndexOf("backup_url");
            if (urlColumn < 0)
            {
                yield return new RecordFileLine(1, header, null, new Error(
                    ErrorCodes.NotJson,
                    "The file is neither JSON nor CSV with a header row naming backup_service and backup_url. " +
                    "Export records with 'Portal export' or save each as {\"backup_service\": \"...\", \"backup_url\": \"...\"}."));
                yield break;
            }
            var lineNumber = 1;
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                var fields = Split(line);
                yield return fields.Count > urlColumn
                    ? new RecordFileLine(lineNumber, line, new ImportRequest(serviceColumn >= 0 && serviceColumn < fields.Count ? fields[serviceColumn] : "", fields[urlColumn]), null)
                    : new RecordFileLine(lineNumber, line, null, new Error(ErrorCodes.NotBase64, $"Line {lineNumber} has no backup_url column."));
            }
        }

        /// <summary>One CSV row (RFC 4180 quoting; records never span lines).</summary>
        private static List<string> Split(string line)
        {
            var fields = new List<string>();
            var field = new System.Text.StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }
            fields.Add(field.ToString());
            return fields;
        }
    }
}
