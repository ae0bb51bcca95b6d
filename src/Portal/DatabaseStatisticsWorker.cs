using Portal.Core.Data;

namespace Portal;

/// <summary>
/// Refreshes the query planner's statistics when the app starts (a database restored, migrated or
/// filled elsewhere) and then every <see cref="DatabaseOptions.StatisticsEvery"/>, so one-at-a-time
/// imports through the API move the plans along too. Several instances may all run it: it is idempotent.
/// </summary>
internal sealed class DatabaseStatisticsWorker(DatabaseStatistics statistics, DatabaseOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var every = new PeriodicTimer(options.StatisticsEvery);
        do
        {
            await statistics.RefreshAsync(stoppingToken);
        }
        while (await every.WaitForNextTickAsync(stoppingToken));
    }
}
