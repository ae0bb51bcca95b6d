using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Portal.Core.Data.Sqlite;

namespace Portal.Core.Data;

/// <summary>Brings the database schema up to date, and tells whether the database can take writes.</summary>
public sealed class PortalDatabase(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>
    /// <c>Portal migrate</c>: creates the database when there is none (an operator asked for it) and
    /// applies pending migrations; returns their names.
    /// </summary>
    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default) => MigrateAsync(mayCreate: true, null, ct);

    /// <summary>
    /// Applies pending migrations, then runs <paramref name="thenAlone"/>, while no other instance
    /// migrates: instances that start together take turns. A database that is missing or holds no
    /// schema is created only when <paramref name="mayCreate"/>: a web app that finds its database
    /// gone must not quietly start over on an empty one.
    /// </summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(bool mayCreate, Func<CancellationToken, Task>? thenAlone, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Before taking the start-up lock: on PostgreSQL that lock needs the database, and would create it.
        if (!mayCreate && !await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            throw NotThere(db, "does not exist");
        }
        return await db.RunAloneAsync<IReadOnlyList<string>>(async () =>
        {
            if (!await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct) || !(await db.Database.GetAppliedMigrationsAsync(ct)).Any())
            {
                if (!mayCreate)
                {
                    throw NotThere(db, "holds no BackupPortal schema");
                }
                CreateSqliteFile(db);
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            // Only when there is work: migrating writes (EF's lock), and a read-only database should
            // still start, to serve reads and say it is read-only.
            if (pending.Count > 0)
            {
                await db.Database.MigrateAsync(ct);
            }
            if (db.Database.IsSqlite() && pending.Count > 0)
            {
                // Readers never wait for the writer, and a crash mid-write loses nothing committed.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
            if (thenAlone is not null)
            {
                await thenAlone(ct);
            }
            return pending;
        }, ct);
    }

    /// <summary>Why the database cannot take writes now (read-only, its file gone, a standby server), or null when it can.</summary>
    public async Task<string?> WhyNotWritableAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (db.Database.IsSqlite())
        {
            return SqliteFile.WhyNotWritable(db.Database.GetConnectionString());
        }
        var readOnly = await db.Database.SqlQueryRaw<string>("SELECT current_setting('transaction_read_only') AS \"Value\"").SingleAsync(ct);
        return readOnly == "on"
            ? "The database server accepts only reads (a standby, or default_transaction_read_only is on): writes are refused until its primary is back."
            : null;
    }

    /// <summary>
    /// The runtime opens SQLite with <c>Mode=ReadWrite</c>, which never creates a file; creating one
    /// is this explicit step.
    /// </summary>
    private static void CreateSqliteFile(PortalDbContext db)
    {
        if (!db.Database.IsSqlite())
        {
            return;
        }
        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Mode = SqliteOpenMode.ReadWriteCreate };
        using var connection = new SqliteConnection(builder.ConnectionString);
        connection.Open();
    }

    private static DatabaseUnavailableException NotThere(PortalDbContext db, string state) => new(
        $"The database ({Describe(db)}) {state}. If this is the first start, run 'Portal migrate' (or set Database:CreateOnFirstStart=true); " +
        "if it held data, restore it: the portal does not create a new, empty database where one was expected.");

    private static string Describe(PortalDbContext db) => db.Database.IsSqlite()
        ? $"SQLite file {Path.GetFullPath(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource)}"
        : $"PostgreSQL database '{new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).Database}'";
}
