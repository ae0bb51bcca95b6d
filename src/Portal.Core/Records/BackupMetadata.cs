using System.Collections;
using System.Text;
using System.Text.Json;

namespace Portal.Core.Records;

/// <summary>
/// A backup's metadata: string keys to string values, in the order they were written, because the
/// order shows in an exported record and exports must be byte-identical to Cinder's.
/// </summary>
public sealed class BackupMetadata : IReadOnlyList<KeyValuePair<string, string>>, IEquatable<BackupMetadata>
{
    private readonly KeyValuePair<string, string>[] _entries;

    public BackupMetadata(IEnumerable<KeyValuePair<string, string>> entries)
    {
        _entries = [.. entries];
    }

    public static BackupMetadata Empty { get; } = new([]);

    public int Count => _entries.Length;

    public KeyValuePair<string, string> this[int index] => _entries[index];

    public string? this[string key] => _entries.FirstOrDefault(e => e.Key == key).Value;

    /// <summary>The metadata as Python's json.dumps writes it (the text that appears in a record).</summary>
    public string ToPythonJson()
    {
        var builder = new StringBuilder();
        PythonJson.WriteMetadata(builder, this);
        return builder.ToString();
    }

    /// <summary>Reads the text written by <see cref="ToPythonJson"/>.</summary>
    public static BackupMetadata FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new BackupMetadata(document.RootElement.EnumerateObject()
            .Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? "")));
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(BackupMetadata? other) => other is not null && _entries.AsSpan().SequenceEqual(other._entries);

    public override bool Equals(object? obj) => Equals(obj as BackupMetadata);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var entry in _entries)
        {
            hash.Add(entry.Key);
            hash.Add(entry.Value);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => ToPythonJson();
}
