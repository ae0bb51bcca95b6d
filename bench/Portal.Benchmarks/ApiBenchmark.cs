using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core;
using Portal.Core.Tenancy;
using Portal.Core.Tokens;

namespace Portal.Benchmarks;

/// <summary>
/// Requests per second of the Cinder API's <c>GET .../backups/detail?limit=100</c> on the large
/// database, measured with ApacheBench (<c>ab</c>, Debian's apache2-utils) on loopback against the
/// Release build of the portal.
/// </summary>
internal static partial class ApiBenchmark
{
    public static async Task RunAsync(int backups)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"backupportal-bench-{backups}.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = $"Data Source={databasePath}",
        }).Build();
        string token;
        await using (var services = new ServiceCollection().AddPortalCore(configuration).AddPortalDatabase(configuration).BuildServiceProvider())
        {
            await TableBenchmark.SeedAsync(services, databasePath, backups);
            // Requests authenticate as production ones do: an API token, looked up by its hash each time.
            token = (await services.GetRequiredService<ApiTokenService>().CreateForAsync("bench", "u-bench", "p-100", Roles.Member, TimeSpan.FromHours(1))).Value.Secret;
        }

        var portal = Path.Combine(TableBenchmark.RepositoryRoot(), "src", "Portal", "bin", "Release", "net10.0", "Portal.dll");
        if (!File.Exists(portal) || !File.Exists("/usr/bin/ab"))
        {
            Console.WriteLine($"api: skipped, needs 'dotnet build -c Release src/Portal' ({portal}) and ApacheBench ('apt-get install apache2-utils')");
            return;
        }
        var start = new ProcessStartInfo("dotnet", [portal, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = Path.Combine(TableBenchmark.RepositoryRoot(), "src", "Portal"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Production, as deployed; the external authority is never called by the API.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Auth__Authority"] = "https://127.0.0.1:9/";
        start.Environment["Database__MigrateOnStartup"] = "false";
        start.Environment["ConnectionStrings__Portal"] = $"Data Source={databasePath}";
        start.Environment["Demo__Seed"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        using var process = Process.Start(start)!;
        try
        {
            var baseUrl = await TableBenchmark.ListeningAddressAsync(process);
            var url = $"{baseUrl}/volume/v3/p-100/backups/detail?limit=100";
            await AbAsync(url, token, requests: 200, concurrency: 4); // warm-up: JIT, page cache
            foreach (var concurrency in new[] { 1, 8 })
            {
                var (rps, mean) = await AbAsync(url, token, requests: 2000, concurrency);
                Console.WriteLine($"api: GET /volume/v3/p-100/backups/detail?limit=100 (member with an API token, {backups:N0} backups, 333,000 in the project), concurrency {concurrency}: {rps:N0} requests/s, mean {mean:N1} ms");
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static async Task<(double RequestsPerSecond, double MeanMilliseconds)> AbAsync(string url, string token, int requests, int concurrency)
    {
        var start = new ProcessStartInfo("/usr/bin/ab", ["-q", "-n", $"{requests}", "-c", $"{concurrency}", "-H", $"X-Auth-Token: {token}", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var ab = Process.Start(start)!;
        var output = await ab.StandardOutput.ReadToEndAsync();
        await ab.WaitForExitAsync();
        if (NonSuccess().Match(output) is { Success: true } failed && failed.Groups[1].Value != "0")
        {
            throw new InvalidOperationException($"ab saw {failed.Groups[1].Value} non-2xx answers:\n{output}");
        }
        var rps = double.Parse(Rate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var mean = double.Parse(Mean().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return (rps, mean);
    }

    [GeneratedRegex(@"Requests per second:\s+([\d.]+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"Time per request:\s+([\d.]+) \[ms\] \(mean\)")]
    private static partial Regex Mean();

    [GeneratedRegex(@"Non-2xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();
}
