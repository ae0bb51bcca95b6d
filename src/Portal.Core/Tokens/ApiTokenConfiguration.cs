using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Tokens;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> token)
    {
        token.ToTable("api_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.Id).ValueGeneratedNever();
        token.Property(t => t.Name).HasMaxLength(100);
        token.Property(t => t.UserId).HasMaxLength(255);
        token.Property(t => t.ProjectId).HasMaxLength(255);
        token.Property(t => t.Role).HasMaxLength(16);
        token.Property(t => t.SecretHash).HasMaxLength(64);
        token.Property(t => t.SecretStart).HasMaxLength(16);
        token.Property(t => t.CreatedBy).HasMaxLength(255);
        token.HasIndex(t => t.SecretHash).IsUnique();
        token.HasIndex(t => t.UserId);
    }
}
