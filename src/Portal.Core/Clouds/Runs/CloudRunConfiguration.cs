using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Clouds.Runs;

internal sealed class CloudRunConfiguration : IEntityTypeConfiguration<CloudRun>
{
    public void Configure(EntityTypeBuilder<CloudRun> run)
    {
        run.ToTable("cloud_runs");
        run.HasKey(r => r.Id);
        run.Property(r => r.Id).ValueGeneratedNever();
        run.Property(r => r.Cloud).HasMaxLength(255);
        run.Property(r => r.Kind).HasMaxLength(16);
        run.Property(r => r.Status).HasMaxLength(16);
        run.Property(r => r.ActorUserId).HasMaxLength(255);
        run.Property(r => r.ActorName).HasMaxLength(255);
        run.Property(r => r.RequestId).HasMaxLength(64);
        run.Property(r => r.Marker).HasMaxLength(36);
        run.Property(r => r.Selection).HasMaxLength(255);
        run.HasIndex(r => new { r.Cloud, r.Status });
        run.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class CloudRunItemConfiguration : IEntityTypeConfiguration<CloudRunItem>
{
    public void Configure(EntityTypeBuilder<CloudRunItem> item)
    {
        item.ToTable("cloud_run_items");
        item.HasKey(i => new { i.RunId, i.BackupId });
        item.Property(i => i.BackupId).HasMaxLength(36);
        item.Property(i => i.ProjectId).HasMaxLength(255);
        item.Property(i => i.Outcome).HasMaxLength(16);
        item.Property(i => i.Code).HasMaxLength(64);
        item.Property(i => i.BackupService).HasMaxLength(255);
        item.HasIndex(i => new { i.RunId, i.Outcome });
        item.HasIndex(i => new { i.RunId, i.Position });
        item.HasOne<CloudRun>().WithMany().HasForeignKey(i => i.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
