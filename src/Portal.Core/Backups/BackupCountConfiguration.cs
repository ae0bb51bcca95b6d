using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Records;

namespace Portal.Core.Backups;

internal sealed class BackupCountConfiguration : IEntityTypeConfiguration<BackupCount>
{
    public void Configure(EntityTypeBuilder<BackupCount> count)
    {
        count.ToTable("backup_counts");
        count.HasKey(c => new { c.ProjectId, c.Status });
        count.Property(c => c.ProjectId).HasMaxLength(RecordLimits.MaxString);
        count.Property(c => c.Status).HasMaxLength(RecordLimits.MaxString);
    }
}
