using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.Core.Common;

namespace Portal.Core.Importing;

/// <summary>The shape a pasted record was recognised in (issue 15), for the wizard to name.</summary>
public enum RecordShape
{
    /// <summary>A bare <c>backup_url</c> (line breaks, as a terminal or a mail wraps it, removed).</summary>
    BackupUrl,

    /// <summary>The table <c>cinder backup-export</c> prints (rows <c>backup_service</c>, <c>backup_url</c>).</summary>
    CinderTable,

    /// <summary>The table <c>openstack volume backup record export</c> prints (rows <c>Backup Service</c>, <c>Metadata</c>).</summary>
    OpenStackTable,

    /// <summary>A JSON object with <c>backup_service</c> and <c>backup_url</c>: <c>-f json</c>, a JSON line, the portal's "Copy JSON" and downloads.</summary>
    Json,

    /// <summary>The REST API's <c>{"backup-record": {...}}</c> body.</summary>
    RestBody,

    /// <summary><c>openstack ... -f yaml</c>.</summary>
    Yaml,

    /// <summary><c>openstack ... -f shell</c> (<c>backup_url="..."</c>, with or without a <c>--prefix</c>).</summary>
    Shell,

    /// <summary><c>openstack ... -f value</c>: the service on one line, the url on the next.</summary>
    Value,
}

/// <summary>One record read from pasted text. <see cref="BackupService"/> is null when the shape carries none (a bare url).</summary>
public sealed record PastedRecord(RecordShape Shape, string? BackupService, string BackupUrl);

/// <summary>
/// Reads one record from text as people have it at hand: what <c>cinder backup-export</c> or
/// <c>openstack volume backup record export</c> printed in any of its formats, a bare <c>backup_url</c>,
/// a JSON line, a REST body, or the portal's own exports. It only finds the two values: whether they
/// are a valid record is the decoder's and the planner's to say.
/// </summary>
public static partial class RecordText
{
    public static Result<PastedRecord> Read(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return new Error(ErrorCodes.NotBase64, "The record is empty. Paste what the export printed, or only its backup_url.");
        }
        if (trimmed[0] is '{' or '[')
        {
            return ReadJson(trimmed);
        }
        if (trimmed[0] is '|' or '+')
        {
            return ReadTable(trimmed);
        }
        var lines = trimmed.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        if (ReadKeyValues(lines) is { } keyed)
        {
            return keyed;
        }
        if (lines.All(l => IsBase64Text(l.Trim())))
        {
            return new PastedRecord(RecordShape.BackupUrl, null, string.Concat(lines.Select(l => l.Trim())));
        }
        if (lines.Count >= 2 && !IsBase64Text(lines[0].Trim()) && !lines[0].Trim().Contains(' ', StringComparison.Ordinal)
            && lines.Skip(1).All(l => IsBase64Text(l.Trim())))
        {
            // -f value: one value a line, in column order (backup_service, backup_url).
            return new PastedRecord(RecordShape.Value, lines[0].Trim(), string.Concat(lines.Skip(1).Select(l => l.Trim())));
        }
        if (lines.Count == 1 && !trimmed.Contains(' ', StringComparison.Ordinal))
        {
            // One word that is not base64: the decoder says at which character, which helps more than a guess here.
            return new PastedRecord(RecordShape.BackupUrl, null, trimmed);
        }
        return NotRecognised();
    }

    private static Result<PastedRecord> ReadJson(string text)
    {
        var documents = new List<JsonElement>();
        try
        {
            using var whole = JsonDocument.Parse(text);
            if (whole.RootElement.ValueKind == JsonValueKind.Array)
            {
                documents.AddRange(whole.RootElement.EnumerateArray().Select(e => e.Clone()));
            }
            else
            {
                documents.Add(whole.RootElement.Clone());
            }
        }
        catch (JsonException)
        {
            // JSON lines, as the portal's downloads and bulk exports write them.
            foreach (var line in text.Split('\n').Where(l => l.Trim().Length > 0))
            {
                try
                {
                    using var one = JsonDocument.Parse(line);
                    documents.Add(one.RootElement.Clone());
                }
                catch (JsonException e)
                {
                    return new Error(ErrorCodes.NotJson,
                        $"This looks like JSON but is not ({e.Message}). Paste the whole output of the export, or only its backup_url.");
                }
            }
        }
        if (documents.Count != 1)
        {
            return new Error(ErrorCodes.NotJson,
                $"This holds {documents.Count} records; the wizard imports one. Paste one, or import the file with Bulk import (admins) or 'Portal import'.");
        }
        var root = documents[0];
        var shape = RecordShape.Json;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("backup-record", out var body) && body.ValueKind == JsonValueKind.Object)
        {
            (root, shape) = (body, RecordShape.RestBody);
        }
        var parsed = RecordFile.Parse(1, root.GetRawText());
        return parsed.Request is { } request
            ? new PastedRecord(shape, request.BackupService, request.BackupUrl)
            : new Error(ErrorCodes.NotJson, "This JSON has no string \"backup_url\". It must look like {\"backup_service\": \"...\", \"backup_url\": \"...\"}.");
    }

    /// <summary>A prettytable: <c>| key | value |</c> rows. A value a terminal wrapped is joined again (base64 has no '|').</summary>
    private static Result<PastedRecord> ReadTable(string text)
    {
        string? Cell(string key) =>
            Regex.Match(text, $@"\|\s*{Regex.Escape(key)}\s*\|(?<value>[^|]*)\|") is { Success: true } match
                ? Regex.Replace(match.Groups["value"].Value, @"\s+", "")
                : null;
        if (Cell("backup_url") is { } url)
        {
            return new PastedRecord(RecordShape.CinderTable, Cell("backup_service") ?? "", url);
        }
        if (Cell("Metadata") is { } metadata)
        {
            return new PastedRecord(RecordShape.OpenStackTable, Cell("Backup Service") ?? "", metadata);
        }
        return new Error(ErrorCodes.NotBase64,
            "This table has no backup_url (cinder) or Metadata (openstack) row. Paste the whole table the export printed.");
    }

    /// <summary><c>-f yaml</c> (<c>key: value</c>) and <c>-f shell</c> (<c>[prefix]key="value"</c>); a wrapped value's lines are joined.</summary>
    private static Result<PastedRecord>? ReadKeyValues(List<string> lines)
    {
        var values = new Dictionary<string, StringBuilder>();
        StringBuilder? current = null;
        var shape = RecordShape.Yaml;
        foreach (var line in lines)
        {
            if (KeyValueLine().Match(line) is { Success: true } match)
            {
                shape = match.Groups["sep"].Value == "=" ? RecordShape.Shell : RecordShape.Yaml;
                current = values[match.Groups["key"].Value] = new StringBuilder(match.Groups["value"].Value.Trim());
            }
            else if (current is not null && IsBase64Text(line.Trim()))
            {
                current.Append(line.Trim());
            }
            else
            {
                return null;
            }
        }
        if (!values.TryGetValue("backup_url", out var url))
        {
            return null;
        }
        var service = values.TryGetValue("backup_service", out var s) ? Unquote(s.ToString(), shape) : "";
        return new PastedRecord(shape, service ?? "", Unquote(url.ToString(), shape) ?? "");
    }

    private static string? Unquote(string value, RecordShape shape)
    {
        if (shape == RecordShape.Shell)
        {
            return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal) : value;
        }
        return value switch
        {
            "null" or "~" or "" => null,
            _ when value.Length >= 2 && value[0] == '\'' && value[^1] == '\'' => value[1..^1].Replace("''", "'", StringComparison.Ordinal),
            _ when value.Length >= 2 && value[0] == '"' && value[^1] == '"' => value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal),
            _ => value,
        };
    }

    /// <summary>Standard or URL-safe base64 characters only (a record's <c>backup_url</c>, or a line of it).</summary>
    private static bool IsBase64Text(string text) => text.Length > 0 && Base64Characters().IsMatch(text);

    private static Error NotRecognised() => new(ErrorCodes.NotBase64,
        "This is neither a backup_url nor what 'cinder backup-export' or 'openstack volume backup record export' prints " +
        "(a table, -f json, yaml, shell or value), a JSON line or a {\"backup-record\": ...} body. Paste the whole output, or only the backup_url.");

    [GeneratedRegex(@"^(?<prefix>[A-Za-z0-9_]*?)(?<key>backup_service|backup_url)(?<sep>=|:(?=\s|$))(?<value>.*)$")]
    private static partial Regex KeyValueLine();

    [GeneratedRegex(@"^[A-Za-z0-9+/=_-]+$")]
    private static partial Regex Base64Characters();
}
