using System.Text;
using System.Text.Json;
using Portal.Core.Common;

namespace Portal.Core.Records;

/// <summary>
/// The field stage of reading a record: presence (id, then Cinder's required keys), then every
/// present field's type and range against Cinder's object fields and database columns.
/// </summary>
internal static class RecordFieldReader
{
    public static Result<DecodedRecord> Read(JsonElement root)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            var name = RecordKeys.NameOf(property);
            fields[name] = property.Value;
            keys.Add(name);
        }

        if (!fields.ContainsKey(RecordKeys.Id))
        {
            return RecordErrors.MissingId();
        }
        var missing = RecordKeys.Required.Where(k => !fields.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            return RecordErrors.MissingFields(missing);
        }

        var reader = new FieldReader(fields);
        var record = new BackupRecord
        {
            Id = reader.Uuid(RecordKeys.Id) ?? "",
            UserId = reader.Text(RecordKeys.UserId, RecordLimits.MaxString),
            ProjectId = reader.Text(RecordKeys.ProjectId, RecordLimits.MaxString),
            VolumeId = reader.Text(RecordKeys.VolumeId, RecordLimits.MaxIdString, nullable: false),
            Host = reader.Text(RecordKeys.Host, RecordLimits.MaxString),
            AvailabilityZone = reader.Text(RecordKeys.AvailabilityZone, RecordLimits.MaxString),
            Container = reader.Text(RecordKeys.Container, RecordLimits.MaxString),
            ParentId = reader.Text(RecordKeys.ParentId, RecordLimits.MaxIdString),
            Status = reader.Text(RecordKeys.Status, RecordLimits.MaxString),
            FailReason = reader.Text(RecordKeys.FailReason, RecordLimits.MaxString),
            Size = reader.Integer(RecordKeys.Size),
            DisplayName = reader.Text(RecordKeys.DisplayName, RecordLimits.MaxString),
            DisplayDescription = reader.Text(RecordKeys.DisplayDescription, RecordLimits.MaxString),
            ServiceMetadata = reader.Text(RecordKeys.ServiceMetadata, RecordLimits.MaxString),
            Service = reader.Text(RecordKeys.Service, RecordLimits.MaxString),
            ObjectCount = reader.Integer(RecordKeys.ObjectCount),
            TempVolumeId = reader.Text(RecordKeys.TempVolumeId, RecordLimits.MaxIdString),
            TempSnapshotId = reader.Text(RecordKeys.TempSnapshotId, RecordLimits.MaxIdString),
            NumDependentBackups = reader.Integer(RecordKeys.NumDependentBackups),
            SnapshotId = reader.Text(RecordKeys.SnapshotId, RecordLimits.MaxIdString),
            DataTimestamp = reader.Timestamp(RecordKeys.DataTimestamp),
            RestoreVolumeId = reader.Text(RecordKeys.RestoreVolumeId, RecordLimits.MaxIdString),
            Metadata = reader.Metadata(RecordKeys.Metadata),
            EncryptionKeyId = reader.Text(RecordKeys.EncryptionKeyId, RecordLimits.MaxIdString),
            CreatedAt = reader.Timestamp(RecordKeys.CreatedAt),
            UpdatedAt = reader.Timestamp(RecordKeys.UpdatedAt),
            DeletedAt = reader.Timestamp(RecordKeys.DeletedAt),
            Deleted = reader.Boolean(RecordKeys.Deleted),
            DriverInfoJson = reader.AnyJson(RecordKeys.DriverInfo) ?? "{}",
        };
        if (reader.Problems.Count > 0)
        {
            return RecordErrors.InvalidFields(reader.Problems);
        }

        var warnings = keys.Where(k => !RecordKeys.IsKnown(k))
            .Select(k => $"The key '{Echo.Of(k, 64)}' is not a field of a Cinder Zed backup record and is ignored.")
            .ToList();
        return new DecodedRecord(record, keys, warnings);
    }

    /// <summary>Reads typed values out of the record's fields, collecting every problem.</summary>
    private sealed class FieldReader(Dictionary<string, JsonElement> fields)
    {
        public List<FieldError> Problems { get; } = [];

        public string? Uuid(string key)
        {
            if (!fields.TryGetValue(key, out var value))
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                return Problem(key, $"must be a UUID string, not a JSON {RecordDecoder.KindName(value.ValueKind)}");
            }
            var text = value.GetString()!;
            return text.Length == 36 && Guid.TryParseExact(text, "D", out _)
                ? text
                : Problem(key, $"must be a UUID such as 3f0b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d (got '{Shorten(text)}')");
        }

        public string? Text(string key, int maxLength, bool nullable = true)
        {
            if (!fields.TryGetValue(key, out var value))
            {
                return null;
            }
            switch (value.ValueKind)
            {
                case JsonValueKind.Null when nullable:
                    return null;
                case JsonValueKind.String:
                    var text = value.GetString()!;
                    return text.Length > maxLength ? Problem(key, $"is {text.Length} characters long; Cinder keeps at most {maxLength}")
                        : text.Contains('\0') ? Problem(key, HoldsNul)
                        : text;
                default:
                    return Problem(key, $"must be a string{(nullable ? " or null" : "")}, not a JSON {RecordDecoder.KindName(value.ValueKind)}");
            }
        }

        public int Integer(string key)
        {
            if (!fields.TryGetValue(key, out var value))
            {
                return 0;
            }
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)
                && number == Math.Floor(number) && number is >= 0 and <= int.MaxValue)
            {
                return (int)number;
            }
            var shown = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : $"a JSON {RecordDecoder.KindName(value.ValueKind)}";
            Problem(key, $"must be a whole number from 0 to {int.MaxValue} (got {Shorten(shown)})");
            return 0;
        }

        public DateTime? Timestamp(string key)
        {
            if (!fields.TryGetValue(key, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                Problem(key, $"must be an ISO-8601 timestamp string or null, not a JSON {RecordDecoder.KindName(value.ValueKind)}");
                return null;
            }
            var text = value.GetString()!;
            if (RecordTimestamp.TryParse(text, out var utc, out var problem))
            {
                return utc;
            }
            Problem(key, $"{problem} (got '{Shorten(text)}')");
            return null;
        }

        public BackupMetadata? Metadata(string key)
        {
            if (!fields.TryGetValue(key, out var value))
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.Object)
            {
                Problem(key, $"must be an object of string keys to string values, not a JSON {RecordDecoder.KindName(value.ValueKind)}");
                return null;
            }
            var entries = new List<KeyValuePair<string, string>>();
            foreach (var property in value.EnumerateObject())
            {
                var entryKey = $"{key}.{Echo.Of(property.Name, 64)}";
                var entryValue = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : null;
                if (property.Name.Length > RecordLimits.MaxString)
                {
                    Problem(entryKey, $"has a key of {property.Name.Length} characters; Cinder keeps at most {RecordLimits.MaxString}");
                }
                else if (property.Name.Contains('\0'))
                {
                    Problem(entryKey, "has a key that " + HoldsNul);
                }
                else if (entryValue is null)
                {
                    Problem(entryKey, $"must be a string, not a JSON {RecordDecoder.KindName(property.Value.ValueKind)}");
                }
                else if (entryValue.Length > RecordLimits.MaxString)
                {
                    Problem(entryKey, $"is {entryValue.Length} characters long; Cinder keeps at most {RecordLimits.MaxString}");
                }
                else if (entryValue.Contains('\0'))
                {
                    Problem(entryKey, HoldsNul);
                }
                else
                {
                    entries.Add(KeyValuePair.Create(property.Name, entryValue));
                }
            }
            return new BackupMetadata(entries);
        }

        public bool Boolean(string key)
        {
            if (!fields.TryGetValue(key, out var value))
            {
                return false;
            }
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return value.GetBoolean();
            }
            Problem(key, $"must be true or false, not a JSON {RecordDecoder.KindName(value.ValueKind)}");
            return false;
        }

        public string? AnyJson(string key)
        {
            if (!fields.TryGetValue(key, out var value))
            {
                return null;
            }
            var builder = new StringBuilder();
            PythonJson.WriteValue(builder, value);
            return builder.ToString();
        }

        private string? Problem(string key, string message)
        {
            Problems.Add(new FieldError(key, message));
            return null;
        }

        /// <summary>
        /// Stricter than Cinder, whose MySQL keeps it: a U+0000 cannot be typed or shown, PostgreSQL
        /// refuses it, and no backup field means anything with one.
        /// </summary>
        private const string HoldsNul = "holds the character U+0000, which no backup field can keep; remove it";

        private static string Shorten(string text) => Echo.Of(text, 40);
    }
}
