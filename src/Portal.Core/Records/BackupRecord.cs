namespace Portal.Core.Records;

/// <summary>
/// The fields of a Cinder backup record (Backup object version 1.7), typed and validated.
/// Decoding produces one; exporting builds one from a stored backup and encodes it.
/// </summary>
/// <remarks>
/// A null string means the key was null or absent: the contract treats both alike. The integers
/// default to 0 as Cinder loads NULL integers as 0.
/// </remarks>
public sealed record BackupRecord
{
    public required string Id { get; init; }
    public string? UserId { get; init; }
    public string? ProjectId { get; init; }
    public string? VolumeId { get; init; }
    public string? Host { get; init; }
    public string? AvailabilityZone { get; init; }
    public string? Container { get; init; }
    public string? ParentId { get; init; }
    public string? Status { get; init; }
    public string? FailReason { get; init; }
    public int Size { get; init; }
    public string? DisplayName { get; init; }
    public string? DisplayDescription { get; init; }
    public string? ServiceMetadata { get; init; }
    public string? Service { get; init; }
    public int ObjectCount { get; init; }
    public string? TempVolumeId { get; init; }
    public string? TempSnapshotId { get; init; }
    public int NumDependentBackups { get; init; }
    public string? SnapshotId { get; init; }
    public DateTime? DataTimestamp { get; init; }
    public string? RestoreVolumeId { get; init; }

    /// <summary>Null when the record has no metadata key (Ocata-era records).</summary>
    public BackupMetadata? Metadata { get; init; }

    public string? EncryptionKeyId { get; init; }
    public DateTime? CreatedAt { get; init; }
    public DateTime? UpdatedAt { get; init; }
    public DateTime? DeletedAt { get; init; }
    public bool Deleted { get; init; }

    /// <summary>
    /// The record's driver_info as Python's json.dumps writes it (any JSON value), kept for re-export.
    /// Cinder's own drivers always write <c>{}</c>.
    /// </summary>
    public string DriverInfoJson { get; init; } = "{}";
}
