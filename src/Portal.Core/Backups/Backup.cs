using Portal.Core.BackupServices;
using Portal.Core.Records;

namespace Portal.Core.Backups;

/// <summary>
/// A volume backup with every field Cinder keeps. Backups come into the portal by import (or by
/// reviving a soft-deleted one with the same id) and leave as exported records.
/// </summary>
public sealed class Backup
{
    /// <summary>Cinder's placeholder volume id for an imported backup whose record names none.</summary>
    public const string ImportVolumeId = "00000000-0000-0000-0000-000000000000";

    private Backup()
    {
    }

    /// <summary>The backup id: a UUID in lower case, the key every door looks backups up by.</summary>
    public string Id { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public string ProjectId { get; private set; } = "";
    public string VolumeId { get; private set; } = ImportVolumeId;
    public string? Host { get; private set; }
    public string? AvailabilityZone { get; private set; }
    public string? Container { get; private set; }
    public string? ParentId { get; private set; }
    public string Status { get; private set; } = BackupStatus.Creating;
    public string? FailReason { get; private set; }
    public int Size { get; private set; }
    public string? DisplayName { get; private set; }
    public string? DisplayDescription { get; private set; }
    public string? ServiceMetadata { get; private set; }
    public string? Service { get; private set; }
    public int ObjectCount { get; private set; }
    public string? TempVolumeId { get; private set; }
    public string? TempSnapshotId { get; private set; }
    public int NumDependentBackups { get; private set; }
    public string? SnapshotId { get; private set; }
    public DateTime? DataTimestamp { get; private set; }
    public string? RestoreVolumeId { get; private set; }
    public BackupMetadata Metadata { get; private set; } = BackupMetadata.Empty;
    public string? EncryptionKeyId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? UpdatedAt { get; private set; }
    public DateTime? DeletedAt { get; private set; }
    public bool Deleted { get; private set; }

    /// <summary>The driver_info of the record this backup was imported from, as JSON, kept for re-export.</summary>
    public string DriverInfo { get; private set; } = "{}";

    public bool IsIncremental => ParentId is not null;

    /// <summary>The form ids are stored and compared in: Cinder's ids are case-insensitive UUIDs.</summary>
    public static string NormalizeId(string id) => id.ToLowerInvariant();

    /// <summary>
    /// The stored form of an id someone asks for, or false when it is no UUID: every stored id is one,
    /// so such a backup does not exist (and the text need not reach the database, which may not even
    /// take it: PostgreSQL refuses U+0000 in a query).
    /// </summary>
    public static bool TryNormalizeId(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? id)
    {
        id = text is { Length: 36 } && Guid.TryParseExact(text, "D", out _) ? NormalizeId(text) : null;
        return id is not null;
    }

    /// <summary>A new backup from an imported record (contract §3, step 6).</summary>
    /// <param name="asRecorded">
    /// A cloud's own backup kept in the vault: its service, host, zone, status and times stay as
    /// Cinder recorded them, so the portal's export of it is Cinder's, byte for byte.
    /// </param>
    public static Backup Import(BackupRecord record, BackupOwner owner, BackupServiceDefinition service, DateTime now, bool asRecorded = false)
    {
        var backup = new Backup { Id = NormalizeId(record.Id) };
        backup.Apply(record, owner, service, now, asRecorded);
        return backup;
    }

    /// <summary>Brings a soft-deleted backup back with an imported record's fields, keeping its id.</summary>
    public void Revive(BackupRecord record, BackupOwner owner, BackupServiceDefinition service, DateTime now, bool asRecorded = false)
    {
        if (!Deleted)
        {
            throw new InvalidOperationException($"Backup {Id} is not deleted and cannot be revived.");
        }
        Apply(record, owner, service, now, asRecorded);
    }

    /// <summary>A vault copy follows its cloud: Cinder changed the backup, the copy takes the new record.</summary>
    public void Refresh(BackupRecord record, BackupOwner owner, BackupServiceDefinition service, DateTime now) =>
        Apply(record, owner, service, now, asRecorded: true);

    /// <summary>Soft delete, as Cinder does: the row stays so an import of the same id revives it.</summary>
    public void MarkDeleted(DateTime now)
    {
        Status = BackupStatus.Deleted;
        Deleted = true;
        DeletedAt = now;
        UpdatedAt = now;
    }

    /// <summary>Sets a status reached outside the portal (restores, failures reported by Cinder).</summary>
    public void ChangeStatus(string status, DateTime now, string? failReason = null)
    {
        if (!BackupStatus.All.Contains(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Not a Cinder backup status.");
        }
        Status = status;
        FailReason = failReason;
        UpdatedAt = now;
    }

    /// <summary>The backup as a record, ready to encode for export.</summary>
    public BackupRecord ToRecord() => new()
    {
        Id = Id,
        UserId = UserId,
        ProjectId = ProjectId,
        VolumeId = VolumeId,
        Host = Host,
        AvailabilityZone = AvailabilityZone,
        Container = Container,
        ParentId = ParentId,
        Status = Status,
        FailReason = FailReason,
        Size = Size,
        DisplayName = DisplayName,
        DisplayDescription = DisplayDescription,
        ServiceMetadata = ServiceMetadata,
        Service = Service,
        ObjectCount = ObjectCount,
        TempVolumeId = TempVolumeId,
        TempSnapshotId = TempSnapshotId,
        NumDependentBackups = NumDependentBackups,
        SnapshotId = SnapshotId,
        DataTimestamp = DataTimestamp,
        RestoreVolumeId = RestoreVolumeId,
        Metadata = Metadata,
        EncryptionKeyId = EncryptionKeyId,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        DeletedAt = DeletedAt,
        Deleted = Deleted,
        DriverInfoJson = DriverInfo,
    };

    /// <summary>
    /// Every record field is applied except those the contract overwrites: service, zone and host
    /// from the importing backup service; owner from the import; a clean available state.
    /// </summary>
    private void Apply(BackupRecord record, BackupOwner owner, BackupServiceDefinition service, DateTime now, bool asRecorded)
    {
        UserId = owner.UserId;
        ProjectId = owner.ProjectId;
        VolumeId = record.VolumeId ?? ImportVolumeId;
        Host = asRecorded ? record.Host : service.Host;
        AvailabilityZone = asRecorded ? record.AvailabilityZone : service.AvailabilityZone;
        Service = asRecorded ? record.Service : service.Driver;
        Container = record.Container;
        ParentId = record.ParentId is null ? null : NormalizeId(record.ParentId);
        Status = asRecorded && record.Status is { } status && BackupStatus.All.Contains(status) ? status : BackupStatus.Available;
        FailReason = asRecorded ? record.FailReason : null;
        Size = record.Size;
        DisplayName = record.DisplayName;
        DisplayDescription = record.DisplayDescription;
        ServiceMetadata = record.ServiceMetadata;
        ObjectCount = record.ObjectCount;
        TempVolumeId = record.TempVolumeId;
        TempSnapshotId = record.TempSnapshotId;
        NumDependentBackups = record.NumDependentBackups;
        SnapshotId = record.SnapshotId;
        DataTimestamp = record.DataTimestamp;
        RestoreVolumeId = record.RestoreVolumeId;
        Metadata = record.Metadata ?? BackupMetadata.Empty;
        EncryptionKeyId = record.EncryptionKeyId;
        CreatedAt = record.CreatedAt ?? now;
        UpdatedAt = asRecorded ? record.UpdatedAt : now;
        DeletedAt = null;
        Deleted = false;
        DriverInfo = record.DriverInfoJson;
    }
}

/// <summary>Who a backup belongs to.</summary>
public sealed record BackupOwner(string UserId, string ProjectId);
