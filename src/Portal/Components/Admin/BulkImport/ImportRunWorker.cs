using Portal.Core.Importing.Runs;

namespace Portal.Components.Admin.BulkImport;

/// <summary>This instance's runner of bulk imports: a run goes on after its page is closed.</summary>
internal sealed class ImportRunWorker(ImportRunService runs) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runs.RunQueueAsync(stoppingToken);
}
