using System.Diagnostics;

namespace Portal.Benchmarks.Api;

/// <summary>A built portal (Release) started as a process on a database: Production, as deployed, unless told otherwise.</summary>
internal sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;

    private PortalProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <param name="authority">The OIDC authority; Production accepts only an https one (the API never calls it unless an access token comes).</param>
    public static async Task<PortalProcess> StartAsync(string portalDll, string databasePath, string authority = "https://127.0.0.1:9/", string environment = "Production")
    {
        var start = new ProcessStartInfo("dotnet", [portalDll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = Path.GetDirectoryName(portalDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["Auth__Authority"] = authority;
        start.Environment["Database__MigrateOnStartup"] = "false";
        start.Environment["ConnectionStrings__Portal"] = $"Data Source={databasePath}";
        start.Environment["Demo__Seed"] = "false";
        // The backup service the real Cinder runs, so one record imports into both.
        start.Environment["BackupServices__0__Driver"] = "cinder.backup.drivers.posix.PosixBackupDriver";
        start.Environment["BackupServices__0__Host"] = "backuphost1";
        start.Environment["BackupServices__0__AvailabilityZone"] = "nova";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var process = Process.Start(start)!;
        return new PortalProcess(process, await TableBenchmark.ListeningAddressAsync(process));
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
