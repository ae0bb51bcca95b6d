using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Clouds.Vault;

/// <summary>
/// Where a cloud and its vault differ (issue 14): what the vault holds that Cinder lacks (after a
/// database loss: everything) and what Cinder holds that the vault lacks (not synced yet, or not
/// available to export), per project. As of the last sync: drift is what the vault knows.
/// </summary>
public sealed class CloudDrift(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<CloudDriftReport> ReportAsync(string cloud, string? projectId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.CloudBackups.AsNoTracking().Where(b => b.Cloud == cloud && (projectId == null || b.ProjectId == projectId));
        var projects = await rows
            .GroupBy(b => b.ProjectId)
            .Select(g => new CloudDriftProject(
                g.Key,
                g.Count(b => b.GoneAt == null && b.BackupUrl != null),
                g.Count(b => b.GoneAt == null && b.BackupUrl == null),
                g.Count(b => b.GoneAt != null && b.BackupUrl != null),
                g.Count(b => b.GoneAt != null && b.BackupUrl == null)))
            .ToListAsync(ct);
        var lastSync = await db.CloudRuns.AsNoTracking()
            .Where(r => r.Cloud == cloud && r.Kind == Runs.CloudRunKinds.Sync && r.Status == Runs.CloudRunStatuses.Completed)
            .OrderByDescending(r => r.FinishedAt).Select(r => r.FinishedAt).FirstOrDefaultAsync(ct);
        return new CloudDriftReport(cloud, lastSync, [.. projects.OrderBy(p => p.ProjectId, StringComparer.Ordinal)]);
    }

    /// <summary>The backups of one kind of drift, for the command line's listing and the restore's selection.</summary>
    public async Task<IReadOnlyList<CloudBackup>> ListAsync(string cloud, CloudPresence presence, string? projectId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.CloudBackups.AsNoTracking().Where(b => b.Cloud == cloud && (projectId == null || b.ProjectId == projectId));
        rows = presence switch
        {
            CloudPresence.InCinderAndVault => rows.Where(b => b.GoneAt == null && b.BackupUrl != null),
            CloudPresence.CinderOnly => rows.Where(b => b.GoneAt == null && b.BackupUrl == null),
            CloudPresence.VaultOnly => rows.Where(b => b.GoneAt != null && b.BackupUrl != null),
            _ => rows.Where(b => b.GoneAt != null && b.BackupUrl == null),
        };
        return await rows.OrderBy(b => b.ProjectId).ThenBy(b => b.BackupId).ToListAsync(ct);
    }

    /// <summary>Where each of these backups is, in any connected cloud, for a tenant's table; ids no cloud has are absent.</summary>
    public async Task<IReadOnlyDictionary<string, CloudPresence>> PresenceAsync(IReadOnlyCollection<string> backupIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.CloudBackups.AsNoTracking().Where(b => backupIds.Contains(b.BackupId))
            .Select(b => new { b.BackupId, b.GoneAt, InVault = b.BackupUrl != null }).ToListAsync(ct);
        return rows.GroupBy(r => r.BackupId).ToDictionary(g => g.Key, g => g.Any(r => r.GoneAt == null)
            ? (g.Any(r => r.InVault) ? CloudPresence.InCinderAndVault : CloudPresence.CinderOnly)
            : (g.Any(r => r.InVault) ? CloudPresence.VaultOnly : CloudPresence.Gone), StringComparer.Ordinal);
    }
}

/// <summary>A cloud's drift per project, as of <see cref="LastSync"/>.</summary>
public sealed record CloudDriftReport(string Cloud, DateTime? LastSync, IReadOnlyList<CloudDriftProject> Projects)
{
    public int InBoth => Projects.Sum(p => p.InBoth);
    public int CinderOnly => Projects.Sum(p => p.CinderOnly);
    public int VaultOnly => Projects.Sum(p => p.VaultOnly);
    public int Gone => Projects.Sum(p => p.Gone);
}

/// <param name="InBoth">In Cinder, record in the vault.</param>
/// <param name="CinderOnly">In Cinder, no record in the vault yet.</param>
/// <param name="VaultOnly">Record in the vault, not in Cinder: what a restore brings back.</param>
/// <param name="Gone">Neither: gone from Cinder before the vault had its record.</param>
public sealed record CloudDriftProject(string? ProjectId, int InBoth, int CinderOnly, int VaultOnly, int Gone);
