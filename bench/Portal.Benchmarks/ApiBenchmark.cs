using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Benchmarks.Api;
using Portal.Core;
using Portal.Core.Data;
using Portal.Core.Records;
using Portal.Core.Tenancy;
using Portal.Core.Tokens;

namespace Portal.Benchmarks;

/// <summary>
/// The Cinder API's requests on the portal (the Release build, Production, an API token) beside the
/// real Cinder (Debian's, two API workers, PostgreSQL) holding the same backups: N in the project
/// asked for, 2N in two others. ApacheBench on loopback, targets interleaved, medians of three. Also
/// one import at a time (until the backup is available), and what each kind of token costs a request.
/// Set PORTAL_BEFORE to another build's Portal.dll to measure it beside this one (on its own copy of
/// the database, since this build refreshes the planner's statistics and the other may not).
/// </summary>
internal static class ApiBenchmark
{
    private const string Project = "b0000000000000000000000000000001";
    private const string ImportProject = "c0000000000000000000000000000001";
    private static readonly string[] _projects = [Project, "b0000000000000000000000000000002", "b0000000000000000000000000000003"];
    private const string Version = "OpenStack-API-Version: volume 3.64";
    private const int Rounds = 3;
    private const int Seconds = 3;
    private static readonly int[] _concurrencies = [1, 8];

    private sealed record Target(string Name, Func<string, string> Url, IReadOnlyList<string> Headers, (string Request, string Path)[] Requests);

    /// <summary>A portal of an earlier size, kept running to be measured again beside the larger one.</summary>
    private sealed record Earlier(int N, PortalProcess Portal, string AdminToken, string ShowId, string MarkerId);

    public static async Task RunAsync(IReadOnlyList<int> sizes)
    {
        var portalDll = Path.Combine(TableBenchmark.RepositoryRoot(), "src", "Portal", "bin", "Release", "net10.0", "Portal.dll");
        var beforeDll = Environment.GetEnvironmentVariable("PORTAL_BEFORE");
        if (!File.Exists(portalDll) || !File.Exists(ApacheBench.Path))
        {
            Console.WriteLine($"api: skipped, needs 'dotnet build -c Release src/Portal' ({portalDll}) and ApacheBench ('apt-get install apache2-utils')");
            return;
        }
        await using var authority = await TestAuthority.StartAsync();
        Console.WriteLine("cinder: starting the real Cinder (scripts/cinder/start.sh, 2 API workers) ...");
        await using var cinder = await RealCinder.StartAsync(workers: 2);
        var figures = new Dictionary<(int N, string Request, int Concurrency, string Target), double>();
        var earlier = new List<Earlier>();
        try
        {
            foreach (var n in sizes)
            {
                earlier.Add(await MeasureAsync(n, sizes[0], portalDll, beforeDll, cinder, authority, earlier, figures));
            }
        }
        finally
        {
            foreach (var kept in earlier)
            {
                await kept.Portal.DisposeAsync();
            }
        }
        PrintTable(sizes, figures);
    }

    /// <summary>
    /// One size: seeds it, measures the portal (and PORTAL_BEFORE) beside Cinder, and the portals of
    /// the earlier sizes again in the same rounds, so how a request slows with size is measured in
    /// one stretch of time (this machine's speed drifts by more than the difference). Returns the
    /// portal, still running, for the next size.
    /// </summary>
    private static async Task<Earlier> MeasureAsync(
        int n, int firstSize, string portalDll, string? beforeDll, RealCinder cinder, TestAuthority authority,
        IReadOnlyList<Earlier> earlier, Dictionary<(int N, string Request, int Concurrency, string Target), double> figures)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"backupportal-api-{n}.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = $"Data Source={databasePath}",
        }).Build();
        string adminToken, memberToken, showId, markerId;
        await using (var services = new ServiceCollection().AddPortalCore(configuration).AddPortalDatabase(configuration).BuildServiceProvider())
        {
            await TableBenchmark.SeedAsync(services, databasePath, 3 * n, _projects);
            var tokens = services.GetRequiredService<ApiTokenService>();
            adminToken = (await tokens.CreateForAsync("bench", "u-bench", Project, Roles.Admin, TimeSpan.FromHours(3))).Value.Secret;
            memberToken = (await tokens.CreateForAsync("bench", "u-bench", Project, Roles.Member, TimeSpan.FromHours(3))).Value.Secret;
            var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            await using (var db = await factory.CreateDbContextAsync())
            {
                var ids = await db.Backups.Where(b => b.ProjectId == Project).OrderBy(b => b.CreatedAt).Select(b => b.Id).Skip(n / 2).Take(2).ToListAsync();
                (showId, markerId) = (ids[0], ids[1]);
            }
            var watch = Stopwatch.StartNew();
            await cinder.LoadAsync(factory);
            Console.WriteLine($"cinder: loaded the same {3 * n:N0} backups in {watch.Elapsed.TotalSeconds:N1} s");
        }
        SqliteConnection.ClearAllPools();
        // Every build gets its own copy of the same file, without statistics, as a portal that never ran ANALYZE left it.
        await ForgetStatisticsAsync(databasePath);
        var portalPath = CopyOf(databasePath, ".portal");
        var beforePath = beforeDll is null ? null : CopyOf(databasePath, ".before");

        var portal = await PortalProcess.StartAsync(portalDll, portalPath);
        await using var before = beforeDll is null ? null : await PortalProcess.StartAsync(beforeDll, beforePath!);
        var portalHeaders = new[] { $"X-Auth-Token: {adminToken}", Version };
        var requests = Requests(showId, markerId);
        var targets = new List<Target> { new("portal", path => $"{portal.BaseUrl}/volume/v3/{Project}{path}", portalHeaders, requests) };
        if (before is not null)
        {
            targets.Add(new("before", path => $"{before.BaseUrl}/volume/v3/{Project}{path}", portalHeaders, requests));
        }
        targets.Add(new("cinder", path => $"{cinder.Endpoint}/{Project}{path}", [$"X-Auth-Token: u-bench:{Project}", Version], requests));
        foreach (var kept in earlier)
        {
            targets.Add(new(PortalAt(kept.N), path => $"{kept.Portal.BaseUrl}/volume/v3/{Project}{path}",
                [$"X-Auth-Token: {kept.AdminToken}", Version], Requests(kept.ShowId, kept.MarkerId)));
        }

        foreach (var target in targets)
        {
            foreach (var (_, path) in target.Requests)
            {
                await ApacheBench.RequestsPerSecondAsync(target.Url(path), target.Headers, concurrency: 4, seconds: 2); // warm-up
            }
        }
        var samples = new Dictionary<(string, int, string), List<double>>();
        for (var round = 0; round < Rounds; round++)
        {
            for (var r = 0; r < requests.Length; r++)
            {
                var request = requests[r].Request;
                foreach (var concurrency in _concurrencies)
                {
                    foreach (var target in targets)
                    {
                        var rps = await ApacheBench.RequestsPerSecondAsync(target.Url(target.Requests[r].Path), target.Headers, concurrency, Seconds);
                        var key = (request, concurrency, target.Name);
                        (samples.TryGetValue(key, out var list) ? list : samples[key] = []).Add(rps);
                    }
                }
            }
        }
        foreach (var ((request, concurrency, target), values) in samples)
        {
            figures[(n, request, concurrency, target)] = values.Order().ElementAt(values.Count / 2);
            Console.WriteLine($"api N={n:N0} {request} c={concurrency} {target}: median {figures[(n, request, concurrency, target)]:N1} req/s of [{string.Join(", ", values.Select(v => v.ToString("N1", CultureInfo.InvariantCulture)))}]");
        }

        // Production takes only an https authority; the API's path is the same in Development, which takes this loopback one.
        await using (var oidcPortal = await PortalProcess.StartAsync(portalDll, portalPath, authority.Issuer, "Development"))
        {
            await TokenCostAsync(oidcPortal, n, showId,
            [
                ("a member's portal API token", memberToken),
                ("an admin's portal API token", adminToken),
                ("a member's OIDC access token (RS256 JWT)", authority.AccessToken("u-oidc", Project, Roles.Member)),
            ]);
        }
        if (n == firstSize)
        {
            await ImportsAsync(portal, cinder, portalPath);
        }
        return new Earlier(n, portal, adminToken, showId, markerId);
    }

    private static string PortalAt(int n) => $"portal N={n:N0}";

    private static (string Request, string Path)[] Requests(string showId, string markerId) =>
    [
        ("backups/detail?limit=100", "/backups/detail?limit=100"),
        ("detail … &marker=…&sort=created_at:desc", $"/backups/detail?limit=100&marker={markerId}&sort=created_at:desc"),
        ("detail … &with_count=true&status=available", "/backups/detail?limit=100&with_count=true&status=available"),
        ("backups/{id}", $"/backups/{showId}"),
    ];

    /// <summary>
    /// The same show, one client, with each kind of token, interleaved, on one portal (Development,
    /// for its loopback authority): what authenticating costs a request.
    /// </summary>
    private static async Task TokenCostAsync(PortalProcess portal, int n, string showId, IReadOnlyList<(string Kind, string Token)> tokens)
    {
        var url = $"{portal.BaseUrl}/volume/v3/{Project}/backups/{showId}";
        var runs = tokens.ToDictionary(t => t.Kind, _ => new List<double>());
        foreach (var (_, token) in tokens)
        {
            await ApacheBench.RequestsPerSecondAsync(url, [$"X-Auth-Token: {token}", Version], 1, 2);
        }
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (kind, token) in tokens)
            {
                runs[kind].Add(await ApacheBench.RequestsPerSecondAsync(url, [$"X-Auth-Token: {token}", Version], 1, Seconds));
            }
        }
        foreach (var (kind, values) in runs)
        {
            var median = values.Order().ElementAt(Rounds / 2);
            Console.WriteLine($"token N={n:N0}: backups/{{id}} with {kind}: {median:N0} req/s, {1000 / median:N2} ms a request (c=1, median of {Rounds})");
        }
        Console.WriteLine($"token N={n:N0}: a Keystone token: not measured yet (the Keystone door is issue 16)");
    }

    /// <summary>One import at a time into an empty project, until the backup is available: the portal answers when it is; Cinder answers 'creating' and is polled.</summary>
    private static async Task ImportsAsync(PortalProcess portal, RealCinder cinder, string databasePath)
    {
        using var http = new HttpClient();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Portal"] = $"Data Source={databasePath}" }).Build();
        string token;
        await using (var services = new ServiceCollection().AddPortalCore(configuration).AddPortalDatabase(configuration).BuildServiceProvider())
        {
            token = (await services.GetRequiredService<ApiTokenService>().CreateForAsync("bench", "u-import", ImportProject, Roles.Admin, TimeSpan.FromHours(1))).Value.Secret;
        }
        const int imports = 8; // Cinder's default quota is 10 backups a project
        foreach (var (name, url, auth) in new[]
        {
            ("portal", $"{portal.BaseUrl}/volume/v3/{ImportProject}", token),
            ("cinder", $"{cinder.Endpoint}/{ImportProject}", $"u-import:{ImportProject}"),
        })
        {
            var times = new List<double>();
            for (var i = 0; i < imports; i++)
            {
                var created = DateTime.UtcNow;
                var record = new BackupRecord
                {
                    Id = Guid.NewGuid().ToString(),
                    VolumeId = Guid.NewGuid().ToString(),
                    Size = 1,
                    Status = "available",
                    DisplayName = $"bench-import-{i}",
                    Container = "volumebackups",
                    ServiceMetadata = "backup",
                    Service = "cinder.backup.drivers.posix.PosixBackupDriver",
                    ObjectCount = 1,
                    CreatedAt = created,
                    DataTimestamp = created,
                };
                var body = new JsonObject { ["backup-record"] = new JsonObject { ["backup_service"] = "cinder.backup.drivers.posix.PosixBackupDriver", ["backup_url"] = RecordEncoder.Encode(record) } };
                var watch = Stopwatch.StartNew();
                // With a Content-Length: Cinder answers a chunked body with a 500.
                using var post = new HttpRequestMessage(HttpMethod.Post, $"{url}/backups/import_record")
                {
                    Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
                };
                post.Headers.Add("X-Auth-Token", auth);
                using var posted = await http.SendAsync(post);
                if ((int)posted.StatusCode != 201)
                {
                    throw new InvalidOperationException($"{name} import answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
                }
                while (await StatusAsync(http, $"{url}/backups/{record.Id}", auth) is "creating")
                {
                    await Task.Delay(5);
                }
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"import {name}: one import_record at a time until available: median {times.Order().ElementAt(imports / 2):N1} ms (min {times.Min():N1}, max {times.Max():N1}) of {imports}");
        }
    }

    private static async Task<string?> StatusAsync(HttpClient http, string url, string token)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, url);
        get.Headers.Add("X-Auth-Token", token);
        using var answer = await http.SendAsync(get);
        var backup = (await answer.Content.ReadFromJsonAsync<JsonObject>())?["backup"];
        return (string?)backup?["status"];
    }

    /// <summary>A fresh copy of a checkpointed database (no write-ahead log of an older copy left beside it).</summary>
    private static string CopyOf(string databasePath, string suffix)
    {
        var copy = databasePath + suffix;
        foreach (var file in new[] { copy, copy + "-wal", copy + "-shm" })
        {
            File.Delete(file);
        }
        File.Copy(databasePath, copy);
        return copy;
    }

    /// <summary>Drops the planner's statistics and folds the write-ahead log into the file, so a plain copy is the whole database.</summary>
    private static async Task ForgetStatisticsAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'";
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        foreach (var table in tables)
        {
            command.CommandText = $"DELETE FROM {table}";
            await command.ExecuteNonQueryAsync();
        }
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await command.ExecuteNonQueryAsync();
        SqliteConnection.ClearAllPools();
    }

    private static void PrintTable(IReadOnlyList<int> sizes, Dictionary<(int N, string Request, int Concurrency, string Target), double> figures)
    {
        var hasBefore = figures.Keys.Any(k => k.Target == "before");
        Console.WriteLine();
        Console.WriteLine($"req/s, medians of {Rounds} ({Seconds} s each, interleaved), c=1 · c=8; portal{(hasBefore ? " (before)" : "")} / Cinder 21 (2 API workers, PostgreSQL)");
        Console.WriteLine();
        var header = "| request |" + string.Concat(sizes.Select(n => $" N = {n:N0}, c=1 · c=8 | × Cinder |"));
        if (sizes.Count > 1)
        {
            header += $" {sizes[0]:N0} → {sizes[^1]:N0}, side by side, c=1 · c=8 |";
        }
        Console.WriteLine(header);
        Console.WriteLine("|---|" + string.Concat(sizes.Select(_ => "---|---|")) + (sizes.Count > 1 ? "---|" : ""));
        foreach (var request in figures.Keys.Select(k => k.Request).Distinct())
        {
            var row = $"| `{request}` |";
            foreach (var n in sizes)
            {
                string Cell(int c) => $"{figures[(n, request, c, "portal")]:N0}" + (hasBefore ? $" ({figures[(n, request, c, "before")]:N0})" : "") + $" / {figures[(n, request, c, "cinder")]:N0}";
                var ratios = _concurrencies.Select(c => figures[(n, request, c, "portal")] / figures[(n, request, c, "cinder")]).ToList();
                row += $" {Cell(1)} · {Cell(8)} | {ratios.Min():N1}–{ratios.Max():N1}× |";
            }
            if (sizes.Count > 1)
            {
                // Both measured in the last size's rounds, side by side.
                var change = _concurrencies.Select(c => figures[(sizes[^1], request, c, "portal")] / figures[(sizes[^1], request, c, PortalAt(sizes[0]))] - 1);
                row += $" {string.Join(" · ", change.Select(x => $"{Math.Round(x * 100):+0;-0;0} %"))} |";
            }
            Console.WriteLine(row);
        }
    }
}
