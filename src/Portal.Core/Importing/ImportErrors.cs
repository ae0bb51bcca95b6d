using Portal.Core.Backups;
using Portal.Core.BackupServices;
using Portal.Core.Common;
using Portal.Core.Quotas;
using Portal.Core.Records;
using Portal.Core.Tenancy;

namespace Portal.Core.Importing;

public static class ImportErrors
{
    public static Error Forbidden(RequestContext context, ImportRequest request) => new(
        ErrorCodes.ImportForbidden,
        !context.IsMember
            ? "Your role lets you see backups but not import them. Ask a member or an admin of the project."
            : context.IsAdmin
                ? "Choose the project to import into, or keep the record's owner."
                : request.KeepRecordOwner || request.TargetProjectId is not null
                    ? $"You can import only into your own project ({context.ProjectId}). Importing on behalf of another project or keeping the record's owner needs the admin role."
                    : "This deployment lets only admins import backup records. Ask an admin to import it for you.");

    public static Error OwnerMissing() => new(
        ErrorCodes.MissingFields,
        "The record has no user_id or project_id, so its owner cannot be kept. Choose a target project instead.")
    {
        Fields = [new FieldError("project_id", "required to keep the record's owner")],
    };

    /// <summary>
    /// Cinder's schema allows 0 to 255 characters; a driver name holds no control characters, so
    /// text with one names no backup service either.
    /// </summary>
    public static Error? InvalidBackupService(string backupService) =>
        backupService.Length > RecordLimits.MaxBackupService
            ? BackupServiceError($"is {backupService.Length:N0} characters long; Cinder takes at most {RecordLimits.MaxBackupService}")
            : backupService.Any(char.IsControl) || !StoredText.IsStorable(backupService)
                ? BackupServiceError($"holds a control character or a broken surrogate ('{Echo.Of(backupService, 64)}'), which no driver name has")
                : null;

    private static Error BackupServiceError(string problem) => new(
        ErrorCodes.InvalidField,
        $"The backup_service {problem}. Give the driver that made the backup, as 'cinder backup-export' printed it (for example cinder.backup.drivers.nfs), or leave it empty.")
    {
        Fields = [new FieldError("backup_service", problem)],
    };

    public static Error ServiceNotFound(string backupService, string? chosenHost, BackupServiceCatalog catalog)
    {
        var configured = catalog.Services.Where(s => s.Enabled).Select(s => $"{s.Driver} on {s.Host}").ToList();
        var available = configured.Count == 0 ? "none is configured" : "configured: " + string.Join(", ", configured);
        var wanted = backupService.Length == 0 ? "any driver" : $"'{Echo.Of(backupService, RecordLimits.MaxBackupService)}'";
        return new(
            ErrorCodes.ServiceNotFound,
            chosenHost is null
                ? $"No enabled backup service here handles backups of {wanted} ({available}). Import where that driver runs, or ask an admin to configure it."
                : $"The backup service on host '{chosenHost}' does not handle backups of {wanted} ({available}). Choose another service.");
    }

    /// <summary>
    /// Says only that the id is taken when the existing backup belongs to a project the caller
    /// cannot see: its owner and state are not theirs to know.
    /// </summary>
    public static Error AlreadyExists(Backup existing, bool callerCanSeeIt, bool identical = false) => new(
        ErrorCodes.AlreadyExists,
        !callerCanSeeIt
            ? $"A backup with id {existing.Id} already exists, so this record cannot be imported here. Nothing was changed."
            : identical
                ? $"Backup {existing.Id} is already here with exactly this record's content. Nothing to do."
                : $"Backup {existing.Id} already exists ('{existing.DisplayName ?? "unnamed"}', {existing.Status}) with different content. Nothing was changed; delete that backup first if this record should replace it.");

    public static Error OverQuota(QuotaImpact impact)
    {
        var parts = new List<string>();
        if (impact.ExceedsBackups)
        {
            parts.Add($"{impact.BackupsInUse + impact.AddedBackups} backups of {impact.BackupsLimit} allowed");
        }
        if (impact.ExceedsGigabytes)
        {
            parts.Add($"{impact.GigabytesInUse + impact.AddedGigabytes} GB of {impact.GigabytesLimit} GB allowed");
        }
        return new(
            ErrorCodes.OverQuota,
            $"Importing this backup would put project {impact.ProjectId} at {string.Join(" and ", parts)}. " +
            "Delete backups you no longer need, or ask an admin to raise the quota.");
    }
}
