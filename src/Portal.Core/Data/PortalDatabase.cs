using Microsoft.EntityFrameworkCore;

namespace Portal.Core.Data;

/// <summary>Brings the database schema up to date.</summary>
public sealed class PortalDatabase(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>Applies pending migrations and returns their names.</summary>
    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default) => MigrateAsync(null, ct);

    /// <summary>
    /// Applies pending migrations, then runs <paramref name="thenAlone"/>, while no other instance
    /// migrates: instances that start together take turns.
    /// </summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(Func<CancellationToken, Task>? thenAlone, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RunAloneAsync<IReadOnlyList<string>>(async () =>
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await db.Database.MigrateAsync(ct);
            if (db.Database.IsSqlite())
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
}
