using Portal.Core.Clouds.Runs;
using Portal.Core.Clouds.Sync;

namespace Portal.Clouds;

/// <summary>
/// This instance's cloud runner: queues the syncs that are due (<c>Clouds:N:SyncEvery</c>) and runs
/// queued syncs and restores, one per cloud at a time across instances. A cloud or database that is away is
/// logged and tried again; it never stops the portal.
/// </summary>
internal sealed partial class CloudSyncWorker(CloudSyncService syncs, CloudRunner runner, CloudRunStore queue, ILogger<CloudSyncWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await syncs.QueueDueAsync(stoppingToken);
                while (await runner.RunNextAsync(stoppingToken))
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRunnerUnavailable(logger, e);
            }
            try
            {
                await queue.WaitForWorkAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cloud runner could not run; it tries again in a few seconds.")]
    private static partial void LogRunnerUnavailable(ILogger logger, Exception exception);
}
