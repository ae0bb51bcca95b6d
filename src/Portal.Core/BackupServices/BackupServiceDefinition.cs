namespace Portal.Core.BackupServices;

/// <summary>
/// One backup service of this deployment (a Cinder backup host), from configuration:
/// <c>BackupServices__0__Driver=cinder.backup.drivers.nfs.NFSBackupDriver</c> and so on (contract §8).
/// </summary>
public sealed record BackupServiceDefinition
{
    /// <summary>The driver's full class path, Cinder's <c>backup_driver</c> option.</summary>
    public required string Driver { get; init; }

    public required string Host { get; init; }

    public string? AvailabilityZone { get; init; } = "nova";

    public bool Enabled { get; init; } = true;
}
