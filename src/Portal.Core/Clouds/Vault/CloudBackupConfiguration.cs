using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Records;

namespace Portal.Core.Clouds.Vault;

internal sealed class CloudBackupConfiguration : IEntityTypeConfiguration<CloudBackup>
{
    public void Configure(EntityTypeBuilder<CloudBackup> backup)
    {
        backup.ToTable("cloud_backups");
        backup.HasKey(b => new { b.Cloud, b.BackupId });
        backup.Property(b => b.Cloud).HasMaxLength(255);
        backup.Property(b => b.BackupId).HasMaxLength(36);
        backup.Property(b => b.ProjectId).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.UserId).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.CinderStatus).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.BackupService).HasMaxLength(RecordLimits.MaxString);
        backup.Property(b => b.BackupUrlSha256).HasMaxLength(64);
        backup.Property(b => b.ListingSha256).HasMaxLength(64);
        backup.Ignore(b => b.InCinder);
        backup.Ignore(b => b.InVault);
        backup.Ignore(b => b.Presence);
        // Drift counts per project (and a sync's sweep for what it did not list, by the cloud prefix).
        backup.HasIndex(b => new { b.Cloud, b.ProjectId });
        backup.HasIndex(b => b.BackupId);
    }
}
