namespace Portal.Core.Clouds.Restore;

/// <summary>What a restore puts back into a cloud's Cinder: vault records, or a file's records.</summary>
public sealed record RestoreSelection
{
    /// <summary>Every record the vault holds that Cinder lacks (after a database loss: all of them).</summary>
    public bool Missing { get; init; }

    /// <summary>Only the vault's records of this project (with <see cref="Missing"/>: only its missing ones).</summary>
    public string? ProjectId { get; init; }

    /// <summary>These backups' vault records.</summary>
    public IReadOnlyList<string> BackupIds { get; init; } = [];

    /// <summary>Records from a file instead of the vault (another site's export, an old backup-export).</summary>
    public IReadOnlyList<CinderRecord>? Records { get; init; }

    /// <summary>The selection in words, as the run and its audit entries keep it.</summary>
    public string Describe() =>
        Records is not null ? $"{Records.Count} record(s) from a file"
        : BackupIds.Count > 0 ? $"{BackupIds.Count} chosen backup(s)"
        : (Missing ? "every backup Cinder lacks" : "every vault record") + (ProjectId is null ? "" : $" of project {ProjectId}");
}
