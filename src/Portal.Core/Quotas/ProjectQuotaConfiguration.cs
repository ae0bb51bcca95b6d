using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Quotas;

internal sealed class ProjectQuotaConfiguration : IEntityTypeConfiguration<ProjectQuota>
{
    public void Configure(EntityTypeBuilder<ProjectQuota> quota)
    {
        quota.ToTable("project_quotas");
        quota.HasKey(q => q.ProjectId);
        quota.Property(q => q.ProjectId).HasMaxLength(255);
    }
}
