using Portal.Core.Auditing;

namespace Portal.Core.Backups;

/// <summary>A backup with its incremental chain and its audit history.</summary>
/// <param name="Parent">The backup this one is incremental on, when the caller can see it.</param>
/// <param name="Dependents">The incremental backups built on this one.</param>
/// <param name="History">Its audit entries, newest first.</param>
public sealed record BackupDetails(Backup Backup, Backup? Parent, IReadOnlyList<Backup> Dependents, IReadOnlyList<AuditEntry> History)
{
    /// <summary>The parent's id as the record names it, even when that backup is not here.</summary>
    public string? ParentId => Backup.ParentId;
}
