using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Data.Postgres;
using Portal.Core.Data.Sqlite;

namespace Portal.Core;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// The one place the database engine is chosen, from <c>Database:Provider</c>. Contexts come from
    /// a pool: a new one costs about 40 µs and a connection's first open in it 60 µs more (EF's SQLite
    /// functions), a fifth of an API show (ADR 0015).
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        var connectionString = configuration.GetConnectionString("Portal") ?? DatabaseOptions.DefaultConnectionString;

        if (string.Equals(options.Provider, DatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            services.AddPooledDbContextFactory<SqlitePortalDbContext>(o => o.UseSqlite(NeverCreating(connectionString)));
            services.AddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory<SqlitePortalDbContext>>();
            return services;
        }
        if (string.Equals(options.Provider, DatabaseOptions.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            if (configuration.GetConnectionString("Portal") is null)
            {
                throw new InvalidOperationException(
                    "Database:Provider is Postgres but ConnectionStrings:Portal is not set. Set it, e.g. " +
                    "'Host=db;Database=backupportal;Username=portal;Password=...'.");
            }
            services.AddPooledDbContextFactory<PostgresPortalDbContext>(o => o.UseNpgsql(connectionString));
            services.AddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory<PostgresPortalDbContext>>();
            return services;
        }
        throw new InvalidOperationException(
            $"Database:Provider '{options.Provider}' is not supported. Use '{DatabaseOptions.Sqlite}' or '{DatabaseOptions.Postgres}'.");
    }

    /// <summary>
    /// SQLite's default mode creates a missing file on open: a vanished database would silently come
    /// back empty. Only <see cref="PortalDatabase"/> creates one, when asked to.
    /// </summary>
    private static string NeverCreating(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!builder.ContainsKey("Mode") || builder.Mode == SqliteOpenMode.ReadWriteCreate)
        {
            builder.Mode = SqliteOpenMode.ReadWrite;
        }
        return builder.ConnectionString;
    }
}
