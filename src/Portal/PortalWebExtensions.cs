using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using Portal.Api;
using Portal.Auth;
using Portal.Clouds;
using Portal.Components;
using Portal.Components.Admin;
using Portal.Components.Admin.BulkImport;
using Portal.Core.Data;
using Portal.Demo;
using Portal.Security;
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
        // Every instance reads the same keys from the database, so a sign-in cookie (or an OIDC
        // correlation cookie) one instance issues, another accepts (ADR 0009).
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("BackupPortal").PersistKeysToDbContext<PortalDbContext>();
        if (builder.Configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            // Without it the keys sit in the database as plain XML: whoever reads the database could
            // forge sign-in cookies.
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(
                certificatePath, builder.Configuration["DataProtection:CertificatePassword"]));
        }
        builder.Services.Configure<DemoDataOptions>(builder.Configuration.GetSection(DemoDataOptions.SectionName));
        builder.Services.AddTransient<DemoData>();
        builder.Services.AddHostedService<ImportRunWorker>();
        builder.Services.AddHostedService<DatabaseStatisticsWorker>();
        builder.AddCinderApi();
        builder.AddClouds();
        builder.AddTrustedProxies();
        return builder;
    }

    public static WebApplication UsePortalWeb(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseSecurityHeaders();
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
        app.MapHealthChecks("/health/ready", new()
        {
            Predicate = check => check.Tags.Contains("ready"),
            // The reason goes with the status, so an operator (or 'Portal health') sees what to fix.
            ResponseWriter = (http, report) => http.Response.WriteAsync(report.Status + string.Concat(
                report.Entries.Values.Where(e => e.Description is not null).Select(e => ": " + e.Description))),
        }).AllowAnonymous();
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
        // The content security policy above holds frame-ancestors already.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    /// <summary>
    /// Migrates and seeds (<see cref="PrepareDatabaseAsync"/>): true; or, when the database cannot serve (missing, read-only,
    /// its server away), the reason in the log and on standard error instead of a stack trace: false.
    /// </summary>
    public static async Task<bool> TryPrepareDatabaseAsync(this WebApplication app)
    {
        try
        {
            await app.PrepareDatabaseAsync();
            return true;
        }
        catch (Exception e) when (DatabaseFailures.Describe(e) is { } problem)
        {
            LogCannotStart(app.Logger, problem);
            await Console.Error.WriteLineAsync($"BackupPortal cannot start: {problem}");
            return false;
        }
    }

    /// <summary>Migrates when configured to, and seeds demo data in Development when the database is empty.</summary>
    private static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        if (options.MigrateOnStartup)
        {
            var mayCreate = app.Environment.IsDevelopment() || options.CreateOnFirstStart;
            await app.Services.GetRequiredService<PortalDatabase>().MigrateAsync(mayCreate, _ => CreateFirstSigningKey(app.Services));
        }
        if (app.Environment.IsDevelopment())
        {
            await app.Services.GetRequiredService<DemoData>().SeedIfEmptyAsync();
        }
        app.Lifetime.ApplicationStarted.Register(() => LogReady(app.Logger, app.Urls));
    }

    /// <summary>
    /// Instances that start together on an empty key table would each make a key and, for a while,
    /// refuse each other's cookies; the first instance makes the one key instead, while the others
    /// wait (called under the start-up lock).
    /// </summary>
    private static Task CreateFirstSigningKey(IServiceProvider services)
    {
        var keys = services.GetRequiredService<IKeyManager>();
        var now = DateTimeOffset.UtcNow;
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
        {
            keys.CreateNewKey(now, now.AddDays(90));
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "BackupPortal cannot start: {Problem}")]
    private static partial void LogCannotStart(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "BackupPortal is ready: open {Urls} and sign in.")]
    private static partial void LogReady(ILogger logger, IEnumerable<string> urls);
}
