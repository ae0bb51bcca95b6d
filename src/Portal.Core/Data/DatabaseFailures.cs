using Microsoft.Data.Sqlite;
using Npgsql;

namespace Portal.Core.Data;

/// <summary>
/// The database is there but cannot do its part: its file vanished, or it was expected and is
/// not there. Thrown where the portal itself finds out (before SQLite would quietly write into a
/// deleted file, or create a new empty one).
/// </summary>
public sealed class DatabaseUnavailableException(string message) : Exception(message);

/// <summary>
/// Tells a database that cannot serve (read-only, gone, full, its server away) from a bug, and says
/// what happened in words an operator can act on: every door answers it as "unavailable, nothing was
/// written" (the API with 503, the command line with its exit code) instead of a generic failure.
/// </summary>
public static class DatabaseFailures
{
    /// <summary>What is wrong with the database, or null when <paramref name="exception"/> is no database failure.</summary>
    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (Of(e) is { } problem)
            {
                return problem;
            }
        }
        return null;
    }

    private static string? Of(Exception e) => e switch
    {
        DatabaseUnavailableException unavailable => unavailable.Message,
        SqliteException sqlite => sqlite.SqliteErrorCode switch
        {
            8 => "The database is read-only, so nothing was written. An operator must make the database file and its directory writable again.",
            14 => "The database file cannot be opened: it, or its directory, is missing or unreadable. Nothing was written; an operator must restore it.",
            13 => "The disk that holds the database is full, so nothing was written. An operator must free space.",
            10 or 11 or 26 => $"The database file cannot be read or written ({sqlite.Message}). Nothing was written; an operator must check the disk and the file.",
            5 or 6 => "The database is busy with another writer for too long. Nothing was written; try again.",
            _ => null,
        },
        PostgresException postgres => postgres.SqlState switch
        {
            "3D000" => $"The database server has no such database ({postgres.MessageText}). Nothing was written; if this is a new deployment, run 'Portal migrate' to create it.",
            "25006" => "The database server accepts only reads now (a read-only transaction or a standby), so nothing was written. Try again when its primary is back.",
            "53100" => "The database server's disk is full, so nothing was written. An operator must free space.",
            "57P01" or "57P02" or "57P03" or "53300" => $"The database server is not accepting work now ({postgres.MessageText}). Nothing was written; try again.",
            _ => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) ? $"The connection to the database server failed ({postgres.MessageText}). Nothing was written; try again." : null,
        },
        // Failures to reach the server at all (refused, timed out, dropped) are NpgsqlExceptions without a server's answer.
        NpgsqlException npgsql => $"The database server does not answer ({npgsql.Message}). Nothing was written; try again.",
        _ => null,
    };
}
