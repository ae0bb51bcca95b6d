using System.Text;
using CsCheck;
using Portal.Core.Records;

namespace Portal.Tests.Shared;

/// <summary>
/// Mutated import attempts for the property tests over the doors (API, command line): each starts
/// from a valid record with a fresh id and breaks it the ways a fault or an attacker would — bit
/// flips, truncation, NUL and control characters, lone surrogates, invalid UTF-8, duplicate keys,
/// nesting 1–300 deep, huge strings in every field, wrong envelopes — or leaves it valid.
/// </summary>
public static class RecordMutations
{
    public const string Service = "cinder.backup.drivers.nfs";

    private static readonly string[] _fields =
    [
        "id", "display_name", "display_description", "container", "size", "service_metadata", "object_count",
        "parent_id", "volume_id", "metadata", "data_timestamp", "created_at", "user_id", "project_id",
    ];

    /// <summary>A JSON value that no field should hold: odd strings, wrong types, deep nesting.</summary>
    private static readonly Gen<string> _oddValue = Gen.OneOf(
        Gen.Int[1, 300].Select(depth => new string('[', depth) + new string(']', depth)),
        Gen.Int[1, 300].Select(depth => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)),
        Gen.Int[256, 200_000].Select(length => $"\"{new string('x', length)}\""),
        Gen.Char['\0', '\u001f'].Select(c => $"\"a\\u{(int)c:x4}b\""),
        Gen.Const("\"\\ud800\""),
        Gen.Const("\"\\udfff tail\""),
        Gen.Const("null"), Gen.Const("true"), Gen.Const("-1"), Gen.Const("1e400"), Gen.Const("2147483648"), Gen.Const("[]"), Gen.Const("{}"),
        Gen.Const("\"not-a-uuid\""), Gen.Const("{\"k\": 1}"), Gen.Const("{\"k\": \"v\\u0000\"}"));

    /// <summary>The JSON text of a record that imports (a fresh id), as Cinder writes it.</summary>
    private static readonly Gen<string> _validJson = Gen.Guid.Select(id => RecordEncoder.ToJson(TestRecords.Valid(id.ToString())));

    /// <summary>The JSON of a record, valid or broken in its fields.</summary>
    private static readonly Gen<string> _recordJson = Gen.Frequency(
        (3, _validJson),
        (4, Gen.Select(_validJson, Gen.Int[0, _fields.Length - 1], _oddValue).Select((json, field, value) => WithField(json, _fields[field], value))),
        (1, Gen.Select(_validJson, Gen.Int[0, _fields.Length - 1]).Select((json, field) => json.Replace("{", $"{{\"{_fields[field]}\": 1, ", StringComparison.Ordinal))),
        (1, Gen.Select(_validJson, Gen.Int[0, 200]).Select((json, cut) => json[..Math.Min(cut, json.Length)])),
        (1, Gen.Int[1, 300].Select(depth => new string('[', depth) + new string(']', depth))));

    /// <summary>A backup_url: the record's base64, sometimes damaged as text.</summary>
    private static readonly Gen<string> _backupUrl = Gen.Frequency(
        (6, _recordJson.Select(Base64)),
        (1, Gen.Select(_recordJson, Gen.Int[0, 10_000], Gen.Int[0, 7]).Select((json, at, bit) => FlipBit(Base64(json), at, bit))),
        (1, Gen.Select(_recordJson, Gen.Int[0, 3000]).Select((json, cut) => { var url = Base64(json); return url[..Math.Min(cut, url.Length)]; })),
        (1, Gen.Select(_recordJson, Gen.Char['\0', '\u001f']).Select((json, c) => { var url = Base64(json); return url.Insert(Math.Min(4, url.Length), c.ToString()); })),
        (1, Gen.Const("")));

    private static readonly Gen<string> _backupService = Gen.Frequency(
        (8, Gen.Const(Service)),
        (1, Gen.Int[256, 100_000].Select(length => new string('s', length))),
        (1, Gen.OneOf(Gen.Const("nfs\0"), Gen.Const("\u0007"), Gen.Const("\ud800"), Gen.Const(""), Gen.Const("cinder.backup.drivers.unknown"))));

    /// <summary>One API body: the envelope around a record, or a broken envelope, as bytes.</summary>
    public static readonly Gen<byte[]> ApiBody = Gen.Frequency(
        (10, Gen.Select(_backupService, _backupUrl).Select((service, url) => Utf8(Envelope(Escape(service), Escape(url))))),
        (1, Gen.Select(_backupService, _backupUrl, Gen.Int[0, 4000], Gen.Int[0, 7]).Select((service, url, at, bit) => FlipBit(Utf8(Envelope(Escape(service), Escape(url))), at, bit))),
        (1, Gen.Select(_backupUrl, Gen.Int[0, 400]).Select((url, cut) => { var body = Utf8(Envelope(Service, Escape(url))); return body[..Math.Min(cut, body.Length)]; })),
        (1, Gen.Select(_backupUrl, Gen.OneOf(Gen.Const<byte>(0xff), Gen.Const<byte>(0xc0), Gen.Const<byte>(0xed))).Select((url, b) => InsertByte(Utf8(Envelope("nfs", Escape(url))), 28, b))),
        (1, _backupUrl.Select(url => Utf8($"{{\"backup-record\": {{\"backup_service\": \"{Service}\", \"backup_url\": \"{Escape(url)}\", \"backup_url\": \"x\"}}}}"))),
        (1, Gen.OneOf(
            Gen.Const(""), Gen.Const("[]"), Gen.Const("null"), Gen.Const("{}"), Gen.Const("{\"backup-record\": []}"),
            Gen.Const("{\"backup-record\": {\"backup_url\": \"QQ==\"}}"), Gen.Const("{\"backup-record\": {\"backup_service\": 1, \"backup_url\": \"QQ==\"}}"),
            Gen.Const("{\"backup-record\": {\"backup_service\": \"x\", \"backup_url\": \"QQ==\"}, \"extra\": 1}")).Select(Utf8)),
        (1, Gen.Int[1, 300].Select(depth => Utf8($"{{\"backup-record\": {{\"backup_service\": \"x\", \"backup_url\": {new string('[', depth)}{new string(']', depth)}}}}}"))),
        (1, Gen.Int[1, 3].Select(megabytes => Utf8(Envelope(Service, new string('A', megabytes * 1024 * 1024 + 4))))));

    /// <summary>
    /// One line of a JSON-lines record file, as the command line reads it: a body's text with any
    /// line break removed (a file's lines cannot hold one), and never blank.
    /// </summary>
    public static readonly Gen<string> FileLine = Gen.Frequency(
        (10, Gen.Select(_backupService, _backupUrl).Select((service, url) => $"{{\"backup_service\": \"{Escape(service)}\", \"backup_url\": \"{Escape(url)}\"}}")),
        (1, ApiBody.Where(b => b.Length < 400_000).Select(body => Encoding.UTF8.GetString(body))))
        .Select(line => line.Replace('\n', ' ').Replace('\r', ' ') is { Length: > 0 } kept && !string.IsNullOrWhiteSpace(kept) ? kept : "x");

    /// <summary>A line that imports, for a file's first line (it decides how the file is read).</summary>
    public static string ValidLine() => $"{{\"backup_service\": \"{Service}\", \"backup_url\": \"{TestRecords.Url(TestRecords.Valid())}\"}}";

    private static string Envelope(string service, string url) =>
        $"{{\"backup-record\": {{\"backup_service\": \"{service}\", \"backup_url\": \"{url}\"}}}}";

    private static string WithField(string json, string field, string value)
    {
        var key = $"\"{field}\": ";
        var at = json.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return json.Insert(1, $"{key}{value}, ");
        }
        // The old value ends at the next ", \"" or the closing brace; close enough for a fuzzer either way.
        var start = at + key.Length;
        var end = json.IndexOf(", \"", start, StringComparison.Ordinal);
        return json[..start] + value + (end < 0 ? "}" : json[end..]);
    }

    /// <summary>A string as a JSON string's content, lone surrogates and control characters escaped as \u.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' || char.IsSurrogate(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }

    private static string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string FlipBit(string text, int at, int bit) =>
        text.Length == 0 ? text : text[..(at % text.Length)] + (char)(text[at % text.Length] ^ (1 << bit)) + text[(at % text.Length + 1)..];

    private static byte[] FlipBit(byte[] bytes, int at, int bit)
    {
        if (bytes.Length > 0)
        {
            bytes[at % bytes.Length] ^= (byte)(1 << bit);
        }
        return bytes;
    }

    private static byte[] InsertByte(byte[] bytes, int at, byte value) => [.. bytes[..Math.Min(at, bytes.Length)], value, .. bytes[Math.Min(at, bytes.Length)..]];
}
