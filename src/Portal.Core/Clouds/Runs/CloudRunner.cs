using Portal.Core.Clouds.Restore;
using Portal.Core.Clouds.Sync;

namespace Portal.Core.Clouds.Runs;

/// <summary>Takes queued cloud runs and carries them out, whatever their kind: the web app's worker and the command line use it.</summary>
public sealed class CloudRunner(CloudRunStore queue, CloudSyncService syncs, CloudRestoreService restores)
{
    /// <summary>Runs the next queued run of a cloud that has none running; false when there was none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken stopping)
    {
        if (await queue.ClaimAsync(null, stopping) is not { } run)
        {
            return false;
        }
        await ExecuteAsync(run, stopping, null);
        return true;
    }

    /// <summary>Runs the given queued run now, in this process; null when another runner has it.</summary>
    public async Task<CloudRun?> RunAsync(Guid runId, CancellationToken stopping, IProgress<CloudRun>? progress = null) =>
        await queue.ClaimAsync(runId, stopping) is { } run ? await ExecuteAsync(run, stopping, progress) : null;

    private Task<CloudRun> ExecuteAsync(CloudRun run, CancellationToken stopping, IProgress<CloudRun>? progress) =>
        run.Kind == CloudRunKinds.Restore ? restores.ExecuteAsync(run, stopping, progress) : syncs.ExecuteAsync(run, stopping, progress);
}
