using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Backups;
using Portal.Core.Importing.Runs;
using Portal.Core.Quotas;
using Portal.Core.Tokens;

namespace Portal.Core.Data;

/// <summary>
/// The portal's data, whatever the database engine. Each engine has a subclass of its own
/// (<see cref="Sqlite.SqlitePortalDbContext"/>) that owns that engine's migrations.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Backup> Backups => Set<Backup>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ProjectQuota> ProjectQuotas => Set<ProjectQuota>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<ImportRunItem> ImportRunItems => Set<ImportRunItem>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; databases that forget the kind get it back on reading.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
