using Portal.Core.Records;

namespace Portal.Tests.Shared;

/// <summary>Builds valid records, as Cinder would export them, for tests to vary.</summary>
public static class TestRecords
{
    public static BackupRecord Valid(string? id = null) => new()
    {
        Id = id ?? Guid.NewGuid().ToString(),
        UserId = "0123456789abcdef0123456789abcdef",
        ProjectId = "fedcba9876543210fedcba9876543210",
        VolumeId = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
        Host = "backup-node-a",
        AvailabilityZone = "nova",
        Container = "volumebackups",
        Status = "available",
        Size = 10,
        DisplayName = "nightly",
        DisplayDescription = "nightly backup of db volume",
        ServiceMetadata = "volume_9a8b7c6d/20240301120000/az_nova_backup",
        Service = "cinder.backup.drivers.nfs.NFSBackupDriver",
        ObjectCount = 12,
        DataTimestamp = new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc),
        Metadata = BackupMetadata.Empty,
        CreatedAt = new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2024, 3, 1, 12, 5, 31, DateTimeKind.Utc),
    };

    /// <summary>A record's backup_url from its JSON text, for records no encoder would write.</summary>
    public static string UrlOfJson(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json));

    public static string Url(BackupRecord record) => RecordEncoder.Encode(record);
}
