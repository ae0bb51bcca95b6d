using Portal.Core.Common;

namespace Portal.Core.Backups;

public static class BackupErrors
{
    /// <summary>Also the answer for another project's backup: no existence leaks (contract §5).</summary>
    public static Error NotFound(string backupId) => new(
        ErrorCodes.BackupNotFound,
        $"Backup {Echo.Of(backupId, 64)} could not be found. Check the id, and that you are signed in to the project that owns it.");
}
