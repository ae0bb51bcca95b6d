using Microsoft.Data.Sqlite;
using Npgsql;

namespace Portal.Tests.Shared;

/// <summary>
/// A fresh, empty database for one test, on the engine the run asks for: a SQLite file, or, when
/// <c>PORTAL_TEST_POSTGRES</c> holds a server's connection string (scripts/test.sh starts one), a
/// new database on that PostgreSQL server. Dropped when the test ends.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PORTAL_TEST_POSTGRES";

    private readonly string? _sqlitePath;
    private readonly string? _postgresServer;
    private readonly string? _postgresName;

    private TestDatabase(IReadOnlyDictionary<string, string?> settings, string? sqlitePath, string? postgresServer, string? postgresName)
    {
        Settings = settings;
        _sqlitePath = sqlitePath;
        _postgresServer = postgresServer;
        _postgresName = postgresName;
    }

    /// <summary>The PostgreSQL server this run tests against, if any.</summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server ? server : null;

    public static string EngineName => PostgresServer is null ? "SQLite" : "PostgreSQL";

    /// <summary><c>Database:Provider</c> and <c>ConnectionStrings:Portal</c>, as configuration keys.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public string ConnectionString => Settings["ConnectionStrings:Portal"]!;

    /// <summary>The same settings as environment variables, for a portal started as a process.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables => AsEnvironmentVariables(Settings);

    /// <summary>Configuration keys as environment variables (<c>A:B</c> → <c>A__B</c>).</summary>
    public static Dictionary<string, string> AsEnvironmentVariables(IEnumerable<KeyValuePair<string, string?>> settings) =>
        settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");

    public static async Task<TestDatabase> CreateAsync(string sqlitePath)
    {
        if (PostgresServer is not { } server)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sqlitePath)!);
            return new TestDatabase(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:Portal"] = $"Data Source={sqlitePath}",
            }, sqlitePath, null, null);
        }
        var name = $"bp_{Guid.NewGuid():N}";
        await OnServerAsync(server, $"CREATE DATABASE \"{name}\"");
        return new TestDatabase(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Portal"] = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString,
        }, null, server, name);
    }

    /// <summary>Whether the database is there (migrating creates it).</summary>
    public async Task<bool> ExistsAsync()
    {
        if (_sqlitePath is not null)
        {
            return File.Exists(_sqlitePath);
        }
        return (long)(await OnServerAsync(_postgresServer!, "SELECT count(*) FROM pg_database WHERE datname = @name", _postgresName))! == 1;
    }

    public ValueTask DisposeAsync() => new(DropAsync());

    /// <summary>Deletes the database, as a lost database is lost (the file, or the PostgreSQL database).</summary>
    public async Task DropAsync()
    {
        if (_sqlitePath is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm", ".startup-lock" })
            {
                File.Delete(_sqlitePath + suffix);
            }
            return;
        }
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        await OnServerAsync(_postgresServer!, $"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)");
    }

    /// <summary>Runs one statement on the server's maintenance database (databases are made and dropped from there).</summary>
    private static async Task<object?> OnServerAsync(string server, string sql, string? name = null)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (name is not null)
        {
            command.Parameters.AddWithValue("name", name);
        }
        return await command.ExecuteScalarAsync();
    }
}
