using System.Text;

namespace Portal.Core.Records;

/// <summary>
/// Writes a backup_url byte for byte as Cinder Zed's <c>Backup.encode_record</c> does:
/// base64 of <c>json.dumps({"driver_info": ..., **fields})</c> with the fields in Cinder's order.
/// </summary>
public static class RecordEncoder
{
    [ThreadStatic]
    private static StringBuilder? _cachedBuilder;

    public static string Encode(BackupRecord record)
    {
        var json = _cachedBuilder ??= new StringBuilder(2048);
        json.Clear();
        WriteJson(json, record);

        // json.dumps with ensure_ascii writes pure ASCII, so one char is one byte.
        var length = json.Length;
        Span<byte> bytes = length <= 4096 ? stackalloc byte[length] : new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)json[i];
        }
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The record's JSON text, before base64.</summary>
    public static string ToJson(BackupRecord record)
    {
        var json = new StringBuilder(2048);
        WriteJson(json, record);
        return json.ToString();
    }

    private static void WriteJson(StringBuilder json, BackupRecord r)
    {
        json.Append("{\"driver_info\": ").Append(r.DriverInfoJson);
        Text(json, RecordKeys.Id, r.Id);
        Text(json, RecordKeys.UserId, r.UserId);
        Text(json, RecordKeys.ProjectId, r.ProjectId);
        Text(json, RecordKeys.VolumeId, r.VolumeId);
        Text(json, RecordKeys.Host, r.Host);
        Text(json, RecordKeys.AvailabilityZone, r.AvailabilityZone);
        Text(json, RecordKeys.Container, r.Container);
        Text(json, RecordKeys.ParentId, r.ParentId);
        Text(json, RecordKeys.Status, r.Status);
        Text(json, RecordKeys.FailReason, r.FailReason);
        Integer(json, RecordKeys.Size, r.Size);
        Text(json, RecordKeys.DisplayName, r.DisplayName);
        Text(json, RecordKeys.DisplayDescription, r.DisplayDescription);
        Text(json, RecordKeys.ServiceMetadata, r.ServiceMetadata);
        Text(json, RecordKeys.Service, r.Service);
        Integer(json, RecordKeys.ObjectCount, r.ObjectCount);
        Text(json, RecordKeys.TempVolumeId, r.TempVolumeId);
        Text(json, RecordKeys.TempSnapshotId, r.TempSnapshotId);
        Integer(json, RecordKeys.NumDependentBackups, r.NumDependentBackups);
        Text(json, RecordKeys.SnapshotId, r.SnapshotId);
        Timestamp(json, RecordKeys.DataTimestamp, r.DataTimestamp);
        Text(json, RecordKeys.RestoreVolumeId, r.RestoreVolumeId);
        Key(json, RecordKeys.Metadata);
        PythonJson.WriteMetadata(json, r.Metadata ?? BackupMetadata.Empty);
        Text(json, RecordKeys.EncryptionKeyId, r.EncryptionKeyId);
        Timestamp(json, RecordKeys.CreatedAt, r.CreatedAt);
        Timestamp(json, RecordKeys.UpdatedAt, r.UpdatedAt);
        Timestamp(json, RecordKeys.DeletedAt, r.DeletedAt);
        Key(json, RecordKeys.Deleted);
        json.Append(r.Deleted ? "true}" : "false}");
    }

    private static void Key(StringBuilder json, string key) => json.Append(", \"").Append(key).Append("\": ");

    private static void Text(StringBuilder json, string key, string? value)
    {
        Key(json, key);
        PythonJson.WriteNullableString(json, value);
    }

    private static void Integer(StringBuilder json, string key, int value)
    {
        Key(json, key);
        json.Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void Timestamp(StringBuilder json, string key, DateTime? value)
    {
        Key(json, key);
        PythonJson.WriteTimestamp(json, value);
    }
}
