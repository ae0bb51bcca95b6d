using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core;
using Portal.Core.Backups;
using Portal.Core.BackupServices;
using Portal.Core.Data;
using Portal.Core.Records;
using Portal.Core.Tenancy;

namespace Portal.Benchmarks;

/// <summary>
/// The backups table on a large SQLite database: the Core query behind one page, and the time a
/// signed-in member waits in Chromium from navigating to /backups until the first row is drawn.
/// </summary>
internal static partial class TableBenchmark
{
    private const int Runs = 5;
    private static readonly string[] _projects = ["p-100", "p-200", "p-300"];

    public static async Task RunAsync(int backups)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"backupportal-bench-{backups}.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = $"Data Source={databasePath}",
        }).Build();
        await using var services = new ServiceCollection().AddPortalCore(configuration).AddPortalDatabase(configuration).BuildServiceProvider();
        await SeedAsync(services, databasePath, backups);

        var queries = services.GetRequiredService<BackupQueries>();
        var member = new RequestContext { UserId = "u-bob", ProjectId = "p-100", Roles = new HashSet<string> { Roles.Member }, Channel = Channels.Ui };
        var admin = member with { Roles = new HashSet<string> { Roles.Admin } };
        await TimeQueryAsync("member, first page, newest first (page + total)", () => queries.ListAsync(member, new BackupListQuery()));
        await TimeQueryAsync("admin, all projects, first page (page + total)", () => queries.ListAsync(admin, new BackupListQuery()));
        await TimeQueryAsync("member, status filter 'error'", () => queries.ListAsync(member, new BackupListQuery { Status = BackupStatus.Error }));
        await TimeQueryAsync("member, name contains (full scan)", () => queries.ListAsync(member, new BackupListQuery { Name = "vol-4242" }));
        await TimeQueryAsync("member, page 1,000 of 25", () => queries.ListAsync(member, new BackupListQuery { Page = 1000 }));
        SqliteConnection.ClearAllPools();

        await TimeFirstRenderAsync(databasePath);
    }

    /// <summary>Backups in chains of four, a third of them in each project (the first project's share is the "N in one project" of the API benchmark).</summary>
    internal static async Task SeedAsync(ServiceProvider services, string databasePath, int backups, IReadOnlyList<string>? projects = null)
    {
        projects ??= _projects;
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await services.GetRequiredService<PortalDatabase>().MigrateAsync();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var existing = await db.Backups.CountAsync();
            if (existing >= backups)
            {
                Console.WriteLine($"database: {databasePath} already holds {existing:N0} backups");
                return;
            }
        }

        var watch = Stopwatch.StartNew();
        var service = new BackupServiceDefinition { Driver = "cinder.backup.drivers.nfs.NFSBackupDriver", Host = "backuphost1" };
        var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        const int batch = 20_000;
        for (var offset = 0; offset < backups; offset += batch)
        {
            await using var db = await factory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = offset; i < Math.Min(offset + batch, backups); i++)
            {
                var id = new Guid(i, 0x4e5f, 0x4a6b, 0x8c, 0x7d, 0x9e, 0x0f, 0x1a, 0x2b, 0x3c, 0x4d).ToString();
                var parent = i % 4 == 0 ? null : new Guid(i - 1, 0x4e5f, 0x4a6b, 0x8c, 0x7d, 0x9e, 0x0f, 0x1a, 0x2b, 0x3c, 0x4d).ToString();
                var created = start.AddMinutes(i);
                var record = new BackupRecord
                {
                    Id = id,
                    VolumeId = new Guid(i / 4, 0x1111, 0x4a6b, 0x8c, 0x7d, 0x9e, 0x0f, 0x1a, 0x2b, 0x3c, 0x4d).ToString(),
                    Container = "volumebackups",
                    ParentId = parent,
                    Size = 1 + (i % 200),
                    DisplayName = $"vol-{i / 4}-{(parent is null ? "full" : "incr")}",
                    ServiceMetadata = $"backup_{id}",
                    ObjectCount = 10,
                    CreatedAt = created,
                    DataTimestamp = created,
                };
                var backup = Backup.Import(record, new BackupOwner("u-bench", projects[(i / 4) % projects.Count]), service, created);
                if (i % 97 == 0)
                {
                    backup.ChangeStatus(BackupStatus.Error, created, "bench");
                }
                db.Backups.Add(backup);
            }
            await db.SaveChangesAsync();
        }
        Console.WriteLine($"seeded: {backups:N0} backups in {watch.Elapsed.TotalSeconds:N1} s ({backups / watch.Elapsed.TotalSeconds:N0} rows/s through EF Core), file {new FileInfo(databasePath).Length / 1024 / 1024:N0} MiB");
    }

    private static async Task TimeQueryAsync(string name, Func<Task<BackupListPage>> query)
    {
        var page = await query(); // warm-up: plans and page cache
        var times = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"query {name}: median {times[Runs / 2]:N1} ms (min {times[0]:N1}, max {times[^1]:N1}), total {page.TotalCount:N0}");
    }

    /// <summary>Starts the built portal (Development, embedded identity provider) on the database and measures in Chromium.</summary>
    private static async Task TimeFirstRenderAsync(string databasePath)
    {
        var portal = Path.Combine(RepositoryRoot(), "src", "Portal", "bin", "Debug", "net10.0", "Portal.dll");
        if (!File.Exists(portal))
        {
            Console.WriteLine($"browser: skipped, build the portal first ('dotnet build src/Portal'): {portal} is missing");
            return;
        }
        var start = new ProcessStartInfo("dotnet", [portal, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(portal))))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Portal"] = $"Data Source={databasePath}";
        start.Environment["Demo__Seed"] = "false";
        using var process = Process.Start(start)!;
        try
        {
            var baseUrl = await ListeningAddressAsync(process);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = "/usr/bin/chromium",
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"],
            });
            var page = await browser.NewPageAsync();
            page.SetDefaultTimeout(60_000);
            await page.GotoAsync(baseUrl + "/backups");
            await page.GetByLabel("User name").FillAsync("bob");
            await page.GetByLabel("Password").FillAsync("bob");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.Locator("tbody tr.mud-table-row").First.WaitForAsync();

            var times = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                var watch = Stopwatch.StartNew();
                await page.GotoAsync(baseUrl + "/backups");
                await page.Locator("tbody tr.mud-table-row").First.WaitForAsync();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            var caption = await page.Locator(".mud-table-pagination-caption[translate=no]").InnerTextAsync();
            Console.WriteLine($"browser: /backups as member bob, navigation to first rendered row: median {times[Runs / 2]:N0} ms (min {times[0]:N0}, max {times[^1]:N0}); pager shows '{caption}'");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    internal static async Task<string> ListeningAddressAsync(Process process)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                // Drain the rest so the child never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync();
                _ = process.StandardError.ReadToEndAsync();
                return match.Groups[1].Value;
            }
        }
        throw new InvalidOperationException("The portal ended before it listened: " + await process.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BackupPortal.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }
}
