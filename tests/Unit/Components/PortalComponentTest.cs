using System.Security.Claims;
using Bunit;
using Bunit.Rendering;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using Portal.Auth;
using Portal.Core;
using Portal.Core.BackupServices;
using Portal.Core.Data;
using Portal.Demo;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Components;

/// <summary>
/// Components rendered by bUnit on the real Core services over a real SQLite file, with MudBlazor's
/// services and a signed-in user whose claims are named as the portal expects them.
/// </summary>
public abstract class PortalComponentTest : BunitContext, IAsyncLifetime
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), "backupportal-bunit", $"{Guid.NewGuid():N}.db");
    private readonly BunitAuthorizationContext _authorization;

    /// <param name="settings">Configuration on top of the defaults below (a policy setting, say).</param>
    protected PortalComponentTest(IReadOnlyDictionary<string, string?>? settings = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
        var configured = new Dictionary<string, string?>(CoreTestHost.NfsService)
        {
            ["ConnectionStrings:Portal"] = $"Data Source={_databasePath}",
            ["BackupServices:1:Driver"] = "cinder.backup.drivers.swift.SwiftBackupDriver",
            ["BackupServices:1:Host"] = "backuphost2",
            ["ImportRuns:Directory"] = _databasePath + ".runs",
            // A cloud whose Keystone does not answer: the Clouds page shows it so (no port 9 listens here).
            ["Clouds:0:Name"] = "down",
            ["Clouds:0:AuthUrl"] = "http://127.0.0.1:9",
            ["Clouds:0:Username"] = "portal",
            ["Clouds:0:Password"] = "unused",
            ["Clouds:0:ProjectName"] = "admin",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configured[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(configured).Build();
        JSInterop.Mode = JSRuntimeMode.Loose;
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(CinderVectors.ImportTime));
        Services.AddPortalCore(configuration);
        Services.AddPortalDatabase(configuration);
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddLocalization();
        Services.AddSingleton(new AuthOptions());
        Services.AddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        Services.AddScoped<PortalUser>();
        _authorization = AddAuthorization();
        // Registration is closed from here on (bUnit builds its renderer).
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public async ValueTask InitializeAsync() =>
        await Services.GetRequiredService<PortalDatabase>().MigrateAsync(TestContext.Current.CancellationToken);

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        SqliteConnection.ClearAllPools();
        File.Delete(_databasePath);
        if (Directory.Exists(_databasePath + ".runs"))
        {
            Directory.Delete(_databasePath + ".runs", recursive: true);
        }
    }

    protected void SignIn(string userId, string projectId, string role)
    {
        _authorization.SetAuthorized(userId);
        _authorization.SetRoles(role);
        _authorization.SetClaims(new Claim("sub", userId), new Claim("project_id", projectId), new Claim("role", role), new Claim("name", $"{role} {userId}"));
    }

    /// <summary>The demo data: three projects, full backups with incremental chains.</summary>
    protected async Task SeedDemoBackupsAsync(int fullPerProject)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        db.Backups.AddRange(DemoData.Create(fullPerProject, Services.GetRequiredService<BackupServiceCatalog>().Services[0], CinderVectors.ImportTime.UtcDateTime));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    protected async Task<T> QueryAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await query(db);
    }

    /// <summary>Dialogs and popovers render inside their providers.</summary>
    protected IRenderedComponent<ContainerFragment> RenderProviders() => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
    });
}
