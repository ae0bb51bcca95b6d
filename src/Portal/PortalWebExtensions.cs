using MudBlazor.Services;
using Portal.Api;
using Portal.Auth;
using Portal.Components;
using Portal.Components.Admin;
using Portal.Components.Admin.BulkImport;
using Portal.Core.Data;
using Portal.Demo;
#if DEV_IDP
using Portal.Auth.DevIdp;
#endif

namespace Portal;

public static partial class PortalWebExtensions
{
    private static readonly string[] _cultures = ["en", "zh-Hans"];

    /// <summary>The web door: Blazor Server pages with MudBlazor, localization, health checks.</summary>
    public static IHostApplicationBuilder AddPortalWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        builder.Services.Configure<DemoDataOptions>(builder.Configuration.GetSection(DemoDataOptions.SectionName));
        builder.Services.AddTransient<DemoData>();
        builder.Services.AddHostedService<ImportRunWorker>();
        builder.AddCinderApi();
        return builder;
    }

    public static WebApplication UsePortalWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRequestLocalization(o => o.SetDefaultCulture(_cultures[0]).AddSupportedCultures(_cultures).AddSupportedUICultures(_cultures));
        var usesDevIdp = app.Services.GetRequiredService<AuthOptions>().UsesDevelopmentProvider;
#if DEV_IDP
        if (usesDevIdp)
        {
            app.UseDevIdpLoopbackGuard();
        }
#endif
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        app.MapLoginAndLogout();
        app.MapAuditCsv();
        app.MapBulkExport();
        app.MapImportRunReports();
        app.MapCinderApi();
#if DEV_IDP
        if (usesDevIdp)
        {
            app.MapDevIdp();
        }
#endif
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>Migrates when configured to, and seeds demo data in Development when the database is empty.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<DatabaseOptions>().MigrateOnStartup)
        {
            await app.Services.GetRequiredService<PortalDatabase>().MigrateAsync();
        }
        if (app.Environment.IsDevelopment())
        {
            await app.Services.GetRequiredService<DemoData>().SeedIfEmptyAsync();
        }
        app.Lifetime.ApplicationStarted.Register(() => LogReady(app.Logger, app.Urls));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "BackupPortal is ready: open {Urls} and sign in.")]
    private static partial void LogReady(ILogger logger, IEnumerable<string> urls);
}
