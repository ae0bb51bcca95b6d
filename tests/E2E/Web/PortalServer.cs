using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Portal.Tests.E2E.Web;

/// <summary>
/// The real portal on Kestrel (a random loopback port) in Development, with its embedded identity
/// provider, a fresh SQLite file with the demo data, and Debian's Chromium driven by Playwright.
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), "backupportal-e2e", $"{Guid.NewGuid():N}.db");
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Where screenshots go: <c>$E2E_ARTIFACTS</c>, or <c>artifacts</c> beside the test binaries.</summary>
    public static string ArtifactsDirectory =>
        Environment.GetEnvironmentVariable("E2E_ARTIFACTS") is { Length: > 0 } configured ? configured : Path.Combine(AppContext.BaseDirectory, "artifacts");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={_databasePath}");
        builder.UseSetting("Demo:FullBackupsPerProject", "40");
        builder.UseSetting("Auth:Authority", "");
        builder.UseSetting("ImportRuns:Directory", _databasePath + ".runs");
        // The real cinder and openstack clients sign in with Cinder's noauth tokens (user:project).
        builder.UseSetting("CinderApi:NoAuth", "true");
        // Small pages, so the clients are seen following next links.
        builder.UseSetting("CinderApi:MaxLimit", "7");
        // Many tests fail to authenticate on purpose, all from loopback; the limit has its own test.
        builder.UseSetting("CinderApi:FailedAuthPerMinute", "100000");
    }

    public async ValueTask InitializeAsync()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    /// <summary>A fresh browser session signed in through the identity provider's real login page.</summary>
    public async Task<IPage> SignInAsync(string userName, string path = "/backups")
    {
        var context = await Browser.NewContextAsync(new() { AcceptDownloads = true, ViewportSize = new() { Width = 1400, Height = 900 } });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = BaseUrl });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await SignInAsync(page, BaseUrl, userName, path);
        await WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>Debian's Chromium, headless, without the background traffic this machine's closed network refuses.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    /// <summary>Opens <paramref name="path"/> on the portal at <paramref name="baseUrl"/> and signs in on the identity provider's login page (password = user name).</summary>
    public static async Task SignInAsync(IPage page, string baseUrl, string userName, string path)
    {
        await page.GotoAsync(baseUrl + path);
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(userName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(baseUrl, StringComparison.Ordinal) && new Uri(url).AbsolutePath == path);
    }

    /// <summary>Server-side rendering comes first; the grid and buttons work once the circuit is up.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("[data-testid=circuit-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });

    public override async ValueTask DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
            _playwright = null;
        }
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_databasePath);
        if (Directory.Exists(_databasePath + ".runs"))
        {
            Directory.Delete(_databasePath + ".runs", recursive: true);
        }
    }
}

[CollectionDefinition(nameof(PortalServerCollection))]
public sealed class PortalServerCollection : ICollectionFixture<PortalServer>;
