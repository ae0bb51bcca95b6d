using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Records;

namespace Portal.Core.Backups;

internal sealed class BackupConfiguration : IEntityTypeConfiguration<Backup>
{
    public void Configure(EntityTypeBuilder<Backup> backup)
    {
        backup.ToTable("backups");
        backup.HasKey(b => b.Id);

        // Column sizes are Cinder's, so anything stored here exports into Cinder unchanged.
        backup.Property(b => b.Id).HasMaxLength(RecordLimits.MaxIdString);
        backup.Property(b => b.UserId).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.ProjectId).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.VolumeId).HasMaxLength(RecordLimits.MaxIdString);
        backup.Property(b => b.Host).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.AvailabilityZone).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.Container).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.ParentId).HasMaxLength(RecordLimits.MaxIdString);
        backup.Property(b => b.Status).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.FailReason).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.DisplayName).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.DisplayDescription).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.ServiceMetadata).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.Service).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.TempVolumeId).HasMaxLength(RecordLimits.MaxIdString);
        backup.Property(b => b.TempSnapshotId).HasMaxLength(RecordLimits.MaxIdString);
        backup.Property(b => b.SnapshotId).HasMaxLength(RecordLimits.MaxIdString);
        backup.Property(b => b.RestoreVolumeId).HasMaxLength(RecordLimits.MaxIdString);
        backup.Property(b => b.EncryptionKeyId).HasMaxLength(RecordLimits.MaxIdString);

        // Metadata is only ever read and written whole, so it is one JSON column, kept in its order.
        backup.Property(b => b.Metadata)
            .HasConversion(m => m.ToPythonJson(), json => BackupMetadata.FromJson(json))
            .Metadata.SetValueComparer(new ValueComparer<BackupMetadata>(
                (a, b) => Equals(a, b), m => m.GetHashCode(), m => m));

        // The backups table: a tenant's page and count, an admin's across projects, the status filter.
        backup.HasIndex(b => new { b.ProjectId, b.Deleted, b.CreatedAt, b.Id });
        backup.HasIndex(b => new { b.Deleted, b.CreatedAt, b.Id });
        backup.HasIndex(b => new { b.ProjectId, b.Deleted, b.Status, b.CreatedAt });
        backup.HasIndex(b => new { b.ProjectId, b.Deleted, b.DisplayName });
        backup.HasIndex(b => b.VolumeId);
        backup.HasIndex(b => b.ParentId);
    }
}
