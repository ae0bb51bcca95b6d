using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Portal.Core.Data.Postgres;

/// <summary>
/// The PostgreSQL database (several portal instances on one server) and its migrations, in
/// <c>Data/Postgres/Migrations</c>.
/// </summary>
public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options)
{
    /// <summary>
    /// One lock for every writer of every instance (ADR 0009), held until the transaction ends: the
    /// same guarantee SQLite's single writer gives, so "is this id free", "is there quota left" and
    /// "what is the audit chain's tail" still hold when the transaction commits.
    /// </summary>
    private const long WriterLockKey = 0x4261636b7570; // "Backup"

    /// <summary>Held for a whole start-up step (migrating), so it lives on the session, not a transaction.</summary>
    private const long StartupLockKey = 0x506f7274616c; // "Portal"

    internal override async Task TakeWriterLockAsync(CancellationToken ct) =>
        await Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({WriterLockKey})", ct);

    internal override async Task<T> RunAloneAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await CreateDatabaseIfMissingAsync(ct);
        await Database.OpenConnectionAsync(ct);
        try
        {
            await Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({StartupLockKey})", ct);
            try
            {
                return await work();
            }
            finally
            {
                await Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({StartupLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    /// <summary>The lock lives in the database, so the database must exist first (migrating would create it anyway).</summary>
    private async Task CreateDatabaseIfMissingAsync(CancellationToken ct)
    {
        var creator = this.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct))
        {
            return;
        }
        try
        {
            await creator.CreateAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another instance created it a moment ago.
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // Byte order, as SQLite compares text: sorting, keyset paging and equality give the same
        // answers on both engines, whatever locale the server's databases were created with.
        configurationBuilder.Properties<string>().UseCollation("C");
    }
}
