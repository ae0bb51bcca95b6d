namespace Portal.Core.BackupServices;

/// <summary>The configured backup services and Cinder's rule for which of them can take a record.</summary>
public sealed class BackupServiceCatalog
{
    /// <summary>Cinder's driver renames (<c>backup/manager.py</c> MAPPING): old name → current name.</summary>
    private static readonly IReadOnlyDictionary<string, string> _renamedDrivers = new Dictionary<string, string>
    {
        ["cinder.backup.drivers.google.GoogleBackupDriver"] = "cinder.backup.drivers.gcs.GoogleBackupDriver",
    };

    public BackupServiceCatalog(IEnumerable<BackupServiceDefinition> services)
    {
        Services = [.. services];
        foreach (var service in Services)
        {
            if (string.IsNullOrWhiteSpace(service.Driver) || string.IsNullOrWhiteSpace(service.Host))
            {
                throw new ArgumentException(
                    "Every entry of BackupServices needs a Driver (such as cinder.backup.drivers.nfs.NFSBackupDriver) and a Host.",
                    nameof(services));
            }
        }
    }

    public IReadOnlyList<BackupServiceDefinition> Services { get; }

    /// <summary>
    /// Whether a backup service named <paramref name="backupService"/> in a record can be handled by
    /// <paramref name="service"/>, by Cinder's <c>_is_our_backup</c>: an empty name matches anything,
    /// otherwise the driver starts with the name, or the name is the start of a renamed driver's old name.
    /// </summary>
    public static bool Accepts(BackupServiceDefinition service, string backupService) =>
        backupService.Length == 0
        || service.Driver.StartsWith(backupService, StringComparison.Ordinal)
        || _renamedDrivers.Any(rename => rename.Key.StartsWith(backupService, StringComparison.Ordinal)
                                         && service.Driver.StartsWith(rename.Value, StringComparison.Ordinal));

    /// <summary>
    /// The enabled service that takes a record of <paramref name="backupService"/>: the first in
    /// configuration order, or only the one on <paramref name="chosenHost"/> when the importer chose one.
    /// </summary>
    public BackupServiceDefinition? Match(string backupService, string? chosenHost = null) =>
        Services.FirstOrDefault(s => s.Enabled
                                     && (chosenHost is null || s.Host == chosenHost)
                                     && Accepts(s, backupService));
}
