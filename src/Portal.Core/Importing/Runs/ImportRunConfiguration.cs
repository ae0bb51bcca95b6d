using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Importing.Runs;

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> run)
    {
        run.ToTable("import_runs");
        run.HasKey(r => r.Id);
        run.Property(r => r.Id).ValueGeneratedNever();
        run.Property(r => r.FileName).HasMaxLength(255);
        run.Property(r => r.StoredFile).HasMaxLength(64);
        run.Property(r => r.Status).HasMaxLength(16);
        run.Property(r => r.TargetProjectId).HasMaxLength(255);
        run.Property(r => r.ActorUserId).HasMaxLength(255);
        run.Property(r => r.ActorProjectId).HasMaxLength(255);
        run.Property(r => r.ActorName).HasMaxLength(255);
        run.Property(r => r.ClientAddress).HasMaxLength(64);
        run.HasIndex(r => r.Status);
        run.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class ImportRunItemConfiguration : IEntityTypeConfiguration<ImportRunItem>
{
    public void Configure(EntityTypeBuilder<ImportRunItem> item)
    {
        item.ToTable("import_run_items");
        item.HasKey(i => new { i.RunId, i.Line });
        item.Property(i => i.BackupId).HasMaxLength(255);
        item.Property(i => i.Outcome).HasMaxLength(16);
        item.Property(i => i.Code).HasMaxLength(64);
        item.HasIndex(i => new { i.RunId, i.Outcome, i.Line });
        item.HasOne<ImportRun>().WithMany().HasForeignKey(i => i.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
