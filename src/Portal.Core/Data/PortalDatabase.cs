using Microsoft.EntityFrameworkCore;

namespace Portal.Core.Data;

/// <summary>Brings the database schema up to date.</summary>
public sealed class PortalDatabase(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>Applies pending migrations and returns their names.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // Readers never wait for the writer, and a crash mid-write loses nothing committed.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        return pending;
    }
}
