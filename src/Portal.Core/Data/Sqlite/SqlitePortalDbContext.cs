using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Portal.Core.Data.Sqlite;

/// <summary>The SQLite database (the embedded default) and its migrations, in <c>Data/Sqlite/Migrations</c>.</summary>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    /// <summary>
    /// Instances sharing a SQLite file share a machine: a lock file beside the database makes them
    /// take turns. SQLite's own write lock cannot, as the work writes on other connections.
    /// </summary>
    internal override async Task<T> RunAloneAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        var path = new SqliteConnectionStringBuilder(Database.GetConnectionString()).DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:")
        {
            return await work();
        }
        await using var held = await LockAsync(Path.GetFullPath(path) + ".startup-lock", ct);
        return await work();
    }

    /// <summary>
    /// Before the first write of a transaction: a connection from the pool still has the file open
    /// after it was deleted, and would acknowledge writes that are lost.
    /// </summary>
    internal override Task TakeWriterLockAsync(CancellationToken ct) =>
        SqliteFile.WhyGone(Database.GetConnectionString()) is { } gone ? throw new DatabaseUnavailableException(gone) : Task.CompletedTask;

    /// <summary>An exclusive lock on the file (flock on Linux), waited for. The file stays: deleting it would let two hold "it".</summary>
    private static async Task<FileStream> LockAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Held by another instance; a lock file that cannot even be created is no wait.
                await Task.Delay(100, ct);
            }
        }
    }
}
