namespace Portal.Core.Clouds.Vault;

/// <summary>
/// The vault's entry for one backup of a cloud: what Cinder said of it when last listed, the record
/// Cinder exported (byte for byte) and whether Cinder still has it. The backup itself, with its
/// owner, is in the portal's backups like any imported one.
/// </summary>
public sealed class CloudBackup
{
    private CloudBackup()
    {
    }

    public string Cloud { get; private set; } = "";

    public string BackupId { get; private set; } = "";

    /// <summary>The backup's project and user in Cinder (the list's project and user attributes).</summary>
    public string? ProjectId { get; private set; }

    public string? UserId { get; private set; }

    /// <summary>The status Cinder listed last.</summary>
    public string CinderStatus { get; private set; } = "";

    /// <summary>Cinder's updated_at when the vault took the record (each export moves it: it tells no change).</summary>
    public DateTime? CinderUpdatedAt { get; private set; }

    /// <summary>The listing's <see cref="CinderBackup.Fingerprint"/> when the vault took the record: a sync exports again when it differs.</summary>
    public string? ListingSha256 { get; private set; }

    /// <summary>The record's backup_service and backup_url exactly as Cinder's export_record gave them; null until exported.</summary>
    public string? BackupService { get; private set; }

    public string? BackupUrl { get; private set; }

    public string? BackupUrlSha256 { get; private set; }

    /// <summary>
    /// Null when the portal's own encoding of the vault copy gives Cinder's bytes; otherwise what
    /// differs, shown wherever the record is (a difference is reported, never hidden).
    /// </summary>
    public string? EncodingDifference { get; private set; }

    public DateTime FirstSeenAt { get; private set; }

    public DateTime LastSeenAt { get; private set; }

    /// <summary>The sync run that listed the backup last: what a finished run did not list is gone.</summary>
    public Guid? LastSeenRunId { get; private set; }

    public DateTime? ExportedAt { get; private set; }

    /// <summary>When a sync no longer found the backup in Cinder; null while Cinder has it.</summary>
    public DateTime? GoneAt { get; private set; }

    /// <summary>Why the last export or vault write failed (Cinder's message, or the portal's); null when it did not.</summary>
    public string? Problem { get; private set; }

    public bool InCinder => GoneAt is null;

    public bool InVault => BackupUrl is not null;

    /// <summary>Where the backup is, as tenants and admins see it.</summary>
    public CloudPresence Presence => (InCinder, InVault) switch
    {
        (true, true) => CloudPresence.InCinderAndVault,
        (true, false) => CloudPresence.CinderOnly,
        (false, true) => CloudPresence.VaultOnly,
        _ => CloudPresence.Gone,
    };

    internal static CloudBackup Seen(string cloud, CinderBackup listed, Guid runId, DateTime now)
    {
        var backup = new CloudBackup { Cloud = cloud, BackupId = listed.Id.ToLowerInvariant(), FirstSeenAt = now };
        return backup.Listed(listed, runId, now);
    }

    /// <summary>What a listing says: the backup is in Cinder (again), with this status.</summary>
    internal CloudBackup Listed(CinderBackup listed, Guid runId, DateTime now)
    {
        ProjectId = listed.ProjectId ?? ProjectId;
        UserId = listed.UserId ?? UserId;
        CinderStatus = listed.Status;
        LastSeenAt = now;
        LastSeenRunId = runId;
        GoneAt = null;
        return this;
    }

    /// <summary>Whether the vault needs Cinder's record of this listing: exportable, and new, changed or back.</summary>
    internal bool NeedsExport(CinderBackup listed, bool wasGone) =>
        listed.Status == Backups.BackupStatus.Available && (!InVault || wasGone || ListingSha256 != listed.Fingerprint);

    internal void Exported(CinderBackup listed, CinderRecord record, string sha256, string? encodingDifference, string? projectId, string? userId, DateTime now)
    {
        BackupService = record.BackupService;
        BackupUrl = record.BackupUrl;
        BackupUrlSha256 = sha256;
        EncodingDifference = encodingDifference;
        CinderUpdatedAt = listed.UpdatedAt;
        ListingSha256 = listed.Fingerprint;
        ProjectId = projectId ?? ProjectId;
        UserId = userId ?? UserId;
        ExportedAt = now;
        Problem = null;
    }

    internal void Failed(string problem) => Problem = problem;

    internal void MarkGone(DateTime now) => GoneAt = now;
}

/// <summary>Where a cloud's backup is: what drift counts and tables show.</summary>
public enum CloudPresence
{
    /// <summary>In Cinder, and its record in the vault: safe.</summary>
    InCinderAndVault,

    /// <summary>In Cinder, not (yet) in the vault: not synced, or not available to export.</summary>
    CinderOnly,

    /// <summary>In the vault only: Cinder lost it (deleted, or its database lost); a restore brings it back.</summary>
    VaultOnly,

    /// <summary>Gone from Cinder before the vault ever had its record.</summary>
    Gone,
}
