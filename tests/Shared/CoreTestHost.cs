using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Core;
using Portal.Core.Backups;
using Portal.Core.BackupServices;
using Portal.Core.Data;
using Portal.Core.Records;

namespace Portal.Tests.Shared;

/// <summary>
/// The Core services over a real database (a SQLite file, or a PostgreSQL database when the run
/// names a server: <see cref="TestDatabase"/>), migrated with the real migrations, and a clock the
/// test controls. One per test: tests never share a database.
/// </summary>
public sealed class CoreTestHost : IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, string?> NfsService = new Dictionary<string, string?>
    {
        ["BackupServices:0:Driver"] = "cinder.backup.drivers.nfs.NFSBackupDriver",
        ["BackupServices:0:Host"] = "backuphost1",
        ["BackupServices:0:AvailabilityZone"] = "nova",
    };

    private readonly ServiceProvider _services;
    private readonly TestDatabase _database;
    private readonly string _runsDirectory;

    private CoreTestHost(ServiceProvider services, TestDatabase database, string runsDirectory, IReadOnlyDictionary<string, string?> settings)
    {
        _services = services;
        _database = database;
        _runsDirectory = runsDirectory;
        Settings = settings;
    }

    /// <summary>The configuration the host runs with (the database included), for doors started beside it.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public FakeTimeProvider Clock => (FakeTimeProvider)_services.GetRequiredService<TimeProvider>();

    public static async Task<CoreTestHost> StartAsync(IEnumerable<KeyValuePair<string, string?>>? settings = null, DateTimeOffset? now = null)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), "backupportal-tests", $"{Guid.NewGuid():N}.db");
        var database = await TestDatabase.CreateAsync(databasePath);
        var all = new Dictionary<string, string?>(settings ?? NfsService)
        {
            ["ImportRuns:Directory"] = databasePath + ".runs",
        };
        foreach (var (key, value) in database.Settings)
        {
            all[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(now ?? CinderVectors.ImportTime))
            .AddPortalCore(configuration)
            .AddPortalDatabase(configuration)
            .BuildServiceProvider();
        var host = new CoreTestHost(services, database, databasePath + ".runs", all);
        await host.Get<PortalDatabase>().MigrateAsync(TestContext.Current.CancellationToken);
        return host;
    }

    /// <summary>A host set up as a vector's <c>portal.setup</c> says: its backup services and any pre-existing backup.</summary>
    public static async Task<CoreTestHost> StartForVectorAsync(CinderVector vector)
    {
        var host = await StartAsync(vector.BackupServiceSettings());
        if (vector.Preexisting is { } preexisting)
        {
            await host.ExecuteAsync(db =>
            {
                // A live backup belongs to another project (a colliding id); a deleted one to the
                // importer's, since a deleted backup comes back only into its own project (issue 12).
                var deleted = (bool)preexisting["deleted"]!;
                var existing = Backup.Import(
                    TestRecords.Valid((string)preexisting["id"]!) with { DisplayName = "pre-existing", Metadata = new BackupMetadata([KeyValuePair.Create("old", "meta")]) },
                    new BackupOwner("99999999999999999999999999999999", deleted ? CinderVectors.ImporterProjectId : "88888888888888888888888888888888"),
                    new BackupServiceDefinition { Driver = "cinder.backup.drivers.nfs.NFSBackupDriver", Host = "oldhost" },
                    CinderVectors.ImportTime.UtcDateTime.AddDays(-30));
                if (deleted)
                {
                    existing.MarkDeleted(CinderVectors.ImportTime.UtcDateTime.AddDays(-1));
                }
                db.Backups.Add(existing);
                return Task.CompletedTask;
            });
        }
        return host;
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public async Task<T> QueryAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        await using var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await query(db);
    }

    public async Task ExecuteAsync(Func<PortalDbContext, Task> change)
    {
        await using var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        await change(db);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
        if (Directory.Exists(_runsDirectory))
        {
            Directory.Delete(_runsDirectory, recursive: true);
        }
    }
}
