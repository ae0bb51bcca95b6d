using Microsoft.Data.Sqlite;

namespace Portal.Core.Data.Sqlite;

/// <summary>
/// The SQLite file behind a connection string, as the file system has it. SQLite keeps writing into
/// a file that was deleted while open (the data is lost on close), so the portal looks for itself.
/// </summary>
internal static class SqliteFile
{
    /// <summary>The file's full path, or null for an in-memory or temporary database.</summary>
    public static string? PathOf(string? connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal)
            ? null
            : Path.GetFullPath(dataSource);
    }

    public static string? WhyGone(string? connectionString) =>
        PathOf(connectionString) is { } path && !File.Exists(path)
            ? $"The database file {path} is gone, so nothing was written. An operator must restore it (or run 'Portal migrate' to start an empty one)."
            : null;

    public static string? WhyNotWritable(string? connectionString)
    {
        if (WhyGone(connectionString) is { } gone)
        {
            return gone;
        }
        if (PathOf(connectionString) is not { } path)
        {
            return null;
        }
        try
        {
            // Opening for writing changes nothing, and fails as SQLite's writes would: a read-only
            // file, a read-only mount.
            using var _ = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"The database file {path} is read-only ({e.Message}), so writes are refused. An operator must make it writable again.";
        }
    }
}
