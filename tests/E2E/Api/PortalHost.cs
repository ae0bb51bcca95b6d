using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Shared;

namespace Portal.Tests.E2E.Api;

/// <summary>
/// The real portal on Kestrel (a random loopback port) in Development, without a browser, on a
/// database of its own on the run's engine (SQLite, or PostgreSQL when the run has a server), with
/// settings a test chooses: for the tests that need a portal configured their way.
/// </summary>
public sealed class PortalHost : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly string _runs = Path.Combine(Path.GetTempPath(), "backupportal-e2e", $"{Guid.NewGuid():N}.runs");
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private PortalHost(TestDatabase database, IReadOnlyDictionary<string, string?> settings)
    {
        _database = database;
        _settings = settings;
    }

    public string BaseUrl { get; private set; } = "";

    public TestDatabase Database => _database;

    public static async Task<PortalHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(Path.Combine(Path.GetTempPath(), "backupportal-e2e", $"{Guid.NewGuid():N}.db"));
        var host = new PortalHost(database, settings ?? new Dictionary<string, string?>());
        host.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        host.BaseUrl = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return host;
    }

    /// <summary>A client of the API with a noauth token (<c>user:project</c>), or none.</summary>
    public HttpClient Client(string? token = "bob:p-100")
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        }
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _database.Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("Demo:FullBackupsPerProject", "3");
        builder.UseSetting("Auth:Authority", "");
        builder.UseSetting("ImportRuns:Directory", _runs);
        builder.UseSetting("CinderApi:NoAuth", "true");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
        if (Directory.Exists(_runs))
        {
            Directory.Delete(_runs, recursive: true);
        }
    }
}
