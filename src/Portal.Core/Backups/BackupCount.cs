namespace Portal.Core.Backups;

/// <summary>
/// How many backups a project holds in one status and their gigabytes, soft-deleted ones left out
/// (what quotas count). The database keeps it
/// (triggers on <c>backups</c>, ADR 0016), so a count costs one row per status however many backups
/// a project has; the portal only reads it.
/// </summary>
public sealed class BackupCount
{
    public string ProjectId { get; private set; } = "";

    public string Status { get; private set; } = "";

    public long Count { get; private set; }

    public long Gigabytes { get; private set; }
}
