using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portal.Core.Auditing;
using Portal.Core.Backups;
using Portal.Core.BackupServices;
using Portal.Core.Clouds;
using Portal.Core.Clouds.Restore;
using Portal.Core.Clouds.Runs;
using Portal.Core.Clouds.Sync;
using Portal.Core.Clouds.Vault;
using Portal.Core.Data;
using Portal.Core.Exporting;
using Portal.Core.Importing;
using Portal.Core.Importing.Runs;
using Portal.Core.Quotas;
using Portal.Core.Tenancy;
using Portal.Core.Tokens;

namespace Portal.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>The Core services every door uses, configured from <paramref name="configuration"/> (contract §8).</summary>
    public static IServiceCollection AddPortalCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.Configure<PolicyOptions>(configuration.GetSection(PolicyOptions.SectionName));
        services.Configure<QuotaOptions>(configuration.GetSection(QuotaOptions.SectionName));
        services.Configure<ImportRunOptions>(configuration.GetSection(ImportRunOptions.SectionName));
        services.Configure<ApiTokenOptions>(configuration.GetSection(ApiTokenOptions.SectionName));
        services.AddMemoryCache();
        services.AddSingleton(new BackupServiceCatalog(
            configuration.GetSection("BackupServices").Get<List<BackupServiceDefinition>>() ?? []));
        services.AddSingleton<PortalPolicy>();
        services.AddSingleton<QuotaService>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditQueries>();
        services.AddSingleton<ImportPlanner>();
        services.AddSingleton<ImportService>();
        services.AddSingleton<BulkImportService>();
        services.AddSingleton<ImportRunQueries>();
        services.AddSingleton<ImportRunUploads>();
        services.AddSingleton<ImportRunService>();
        services.AddSingleton<ExportService>();
        services.AddSingleton<BackupQueries>();
        services.AddSingleton<DeleteService>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<PortalDatabase>();
        services.AddSingleton<DatabaseStatistics>();
        CloudHttp.Add(services);
        services.AddSingleton(sp => new CloudRegistry(
            configuration.GetSection(CloudOptions.SectionName).Get<List<CloudOptions>>() ?? [],
            sp.GetService<IHostEnvironment>()?.IsDevelopment() ?? false,
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CloudRunStore>();
        services.AddSingleton<CloudSyncService>();
        services.AddSingleton<CloudRestoreService>();
        services.AddSingleton<CloudRunner>();
        services.AddSingleton<CloudDrift>();
        return services;
    }
}
