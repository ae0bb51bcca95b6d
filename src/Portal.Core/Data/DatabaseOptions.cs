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

    /// <summary>
    /// Outside Development, a web app that finds no database (or one without the portal's schema)
    /// refuses to start rather than create an empty one where the real one was expected; this setting,
    /// or <c>Portal migrate</c>, allows the first start.
    /// </summary>
    public bool CreateOnFirstStart { get; set; }

    /// <summary>How often the web app refreshes the query planner's statistics (<see cref="DatabaseStatistics"/>).</summary>
    public TimeSpan StatisticsEvery { get; set; } = TimeSpan.FromHours(1);

    public const string DefaultConnectionString = "Data Source=backupportal.db";
}
