using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Core.Auditing;
using Portal.Core.Backups;
using Portal.Core.Clouds.Runs;
using Portal.Core.Clouds.Vault;
using Portal.Core.Importing.Runs;
using Portal.Core.Quotas;
using Portal.Core.Tokens;

namespace Portal.Core.Data;

/// <summary>
/// The portal's data, whatever the database engine. Each engine has a subclass of its own
/// (<see cref="Sqlite.SqlitePortalDbContext"/>, <see cref="Postgres.PostgresPortalDbContext"/>) that
/// owns that engine's migrations and what only that engine needs.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Backup> Backups => Set<Backup>();

    /// <summary>Kept by the database itself (ADR 0016): read, never written.</summary>
    public DbSet<BackupCount> BackupCounts => Set<BackupCount>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ProjectQuota> ProjectQuotas => Set<ProjectQuota>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<ImportRunItem> ImportRunItems => Set<ImportRunItem>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    /// <summary>The vault: every backup of every connected cloud, with Cinder's record of it.</summary>
    public DbSet<CloudBackup> CloudBackups => Set<CloudBackup>();

    public DbSet<CloudRun> CloudRuns => Set<CloudRun>();

    public DbSet<CloudRunItem> CloudRunItems => Set<CloudRunItem>();

    /// <summary>The keys that protect sign-in cookies, shared by every instance (ASP.NET Data Protection).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Starts a transaction that writes backups or audit entries. Writers take turns, on every
    /// engine and across instances, so the checks made inside still hold at commit and the audit
    /// chain grows in one line.
    /// </summary>
    public async Task<IDbContextTransaction> BeginWriteAsync(CancellationToken ct)
    {
        // On SQLite, Microsoft.Data.Sqlite begins IMMEDIATE: the database's one write lock is taken here.
        var transaction = await Database.BeginTransactionAsync(ct);
        await TakeWriterLockAsync(ct);
        return transaction;
    }

    /// <summary>What an engine needs beyond its transaction to keep writers in turn.</summary>
    internal virtual Task TakeWriterLockAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Runs <paramref name="work"/> while no other instance runs its own (instances starting together
    /// migrate and create the first Data Protection key one after the other). SQLite serves one
    /// machine, where there is nothing to wait for.
    /// </summary>
    internal virtual Task<T> RunAloneAsync<T>(Func<Task<T>> work, CancellationToken ct) => work();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; databases that forget the kind get it back on reading.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
