using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Portal.Core.Records;

/// <summary>The keys of a Cinder Zed record, in the order Cinder writes them.</summary>
public static class RecordKeys
{
    public const string DriverInfo = "driver_info";
    public const string Id = "id";
    public const string UserId = "user_id";
    public const string ProjectId = "project_id";
    public const string VolumeId = "volume_id";
    public const string Host = "host";
    public const string AvailabilityZone = "availability_zone";
    public const string Container = "container";
    public const string ParentId = "parent_id";
    public const string Status = "status";
    public const string FailReason = "fail_reason";
    public const string Size = "size";
    public const string DisplayName = "display_name";
    public const string DisplayDescription = "display_description";
    public const string ServiceMetadata = "service_metadata";
    public const string Service = "service";
    public const string ObjectCount = "object_count";
    public const string TempVolumeId = "temp_volume_id";
    public const string TempSnapshotId = "temp_snapshot_id";
    public const string NumDependentBackups = "num_dependent_backups";
    public const string SnapshotId = "snapshot_id";
    public const string DataTimestamp = "data_timestamp";
    public const string RestoreVolumeId = "restore_volume_id";
    public const string Metadata = "metadata";
    public const string EncryptionKeyId = "encryption_key_id";
    public const string CreatedAt = "created_at";
    public const string UpdatedAt = "updated_at";
    public const string DeletedAt = "deleted_at";
    public const string Deleted = "deleted";

    /// <summary>Every key of a Zed export, <c>driver_info</c> first, as Cinder orders them.</summary>
    public static IReadOnlyList<string> ExportOrder { get; } =
    [
        DriverInfo, Id, UserId, ProjectId, VolumeId, Host, AvailabilityZone, Container, ParentId, Status,
        FailReason, Size, DisplayName, DisplayDescription, ServiceMetadata, Service, ObjectCount,
        TempVolumeId, TempSnapshotId, NumDependentBackups, SnapshotId, DataTimestamp, RestoreVolumeId,
        Metadata, EncryptionKeyId, CreatedAt, UpdatedAt, DeletedAt, Deleted,
    ];

    /// <summary>
    /// The keys Cinder's manager requires besides <c>id</c>, in the contract's stable order
    /// (Cinder itself lists them in hash order).
    /// </summary>
    public static IReadOnlyList<string> Required { get; } =
        [DisplayName, DisplayDescription, Container, Size, ServiceMetadata, ObjectCount];

    private static readonly HashSet<string> _knownKeys = [.. ExportOrder];
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _knownKeysBySpan = _knownKeys.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsKnown(string key) => _knownKeys.Contains(key);

    /// <summary>
    /// The property's name; for a record key, the one shared string of that key. Every record of a
    /// bulk run repeats the same thirty names, and reading each as a new string is most of what
    /// decoding a record allocates.
    /// </summary>
    internal static string NameOf(JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.Length <= 32 && raw.IndexOf((byte)'\\') < 0 && Ascii.IsValid(raw))
        {
            Span<char> name = stackalloc char[raw.Length];
            Ascii.ToUtf16(raw, name, out _);
            if (_knownKeysBySpan.TryGetValue(name, out var known))
            {
                return known;
            }
        }
        return property.Name;
    }
}
