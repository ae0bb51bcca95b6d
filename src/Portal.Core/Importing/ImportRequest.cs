namespace Portal.Core.Importing;

/// <summary>A record to import, as every door receives it, and where it should go.</summary>
/// <param name="BackupService">The record's backup_service (may be empty, as Cinder allows).</param>
/// <param name="BackupUrl">The record's backup_url.</param>
public sealed record ImportRequest(string BackupService, string BackupUrl)
{
    /// <summary>Import on behalf of this project (admins); null imports into the caller's project.</summary>
    public string? TargetProjectId { get; init; }

    /// <summary>Keep the record's own user_id and project_id (admins restoring a lost database).</summary>
    public bool KeepRecordOwner { get; init; }

    /// <summary>The host of the backup service the importer chose; null lets the portal pick the first that fits.</summary>
    public string? ServiceHost { get; init; }

    /// <summary>
    /// The configured cloud this record was exported from by a sync: the vault keeps it under its
    /// own owner and exactly as Cinder recorded it (its service, host, zone, status and times), no
    /// quota applies (the vault holds whatever the cloud holds), and a changed record refreshes the
    /// copy of the same backup instead of clashing with it.
    /// </summary>
    public string? FromCloud { get; init; }
}
