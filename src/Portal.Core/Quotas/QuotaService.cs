using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Core.Quotas;

/// <summary>Per-project limits on backups and gigabytes; usage counts every backup that is not deleted.</summary>
public sealed class QuotaService(IOptions<QuotaOptions> options)
{
    private readonly QuotaLimits _defaults = options.Value.Default;

    /// <summary>The effective limits of a project: its override, else the defaults; null means unlimited.</summary>
    public async Task<(int? Backups, int? Gigabytes)> GetLimitsAsync(PortalDbContext db, string projectId, CancellationToken ct)
    {
        var custom = await db.ProjectQuotas.AsNoTracking().FirstOrDefaultAsync(q => q.ProjectId == projectId, ct);
        return (Limit(custom is null ? _defaults.Backups : custom.Backups),
                Limit(custom is null ? _defaults.Gigabytes : custom.Gigabytes));
    }

    public async Task<QuotaImpact> EvaluateAsync(PortalDbContext db, string projectId, int addedBackups, long addedGigabytes, CancellationToken ct)
    {
        var (backupsLimit, gigabytesLimit) = await GetLimitsAsync(db, projectId, ct);
        var usage = await db.Backups.AsNoTracking()
            .Where(b => b.ProjectId == projectId && !b.Deleted)
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Gigabytes = g.Sum(b => (long)b.Size) })
            .FirstOrDefaultAsync(ct);
        return new QuotaImpact(projectId, backupsLimit, gigabytesLimit, usage?.Count ?? 0, usage?.Gigabytes ?? 0, addedBackups, addedGigabytes);
    }

    private static int? Limit(int? configured) => configured is >= 0 ? configured : null;
}
