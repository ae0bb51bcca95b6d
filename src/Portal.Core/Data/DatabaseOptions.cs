namespace Portal.Core.Data;

/// <summary>The database engine (<c>Database:Provider</c>) and the connection string <c>ConnectionStrings:Portal</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public const string Sqlite = "Sqlite";

    public const string Postgres = "Postgres";

    /// <summary><c>Sqlite</c> (default, one machine) or <c>Postgres</c> (several instances on one server).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Apply pending migrations when the web app starts (the command line has <c>migrate</c>).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public const string DefaultConnectionString = "Data Source=backupportal.db";
}
