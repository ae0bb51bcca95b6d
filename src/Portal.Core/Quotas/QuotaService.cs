using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Tenancy;

namespace Portal.Core.Quotas;

/// <summary>Per-project limits on backups and gigabytes; usage counts every backup that is not deleted.</summary>
public sealed class QuotaService(IOptions<QuotaOptions> options, IDbContextFactory<PortalDbContext> dbFactory)
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
        // The counts the database keeps (ADR 0016): a row per status, not a pass over the project.
        var usage = await db.BackupCounts.AsNoTracking()
            .Where(c => c.ProjectId == projectId)
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Sum(c => c.Count), Gigabytes = g.Sum(c => c.Gigabytes) })
            .FirstOrDefaultAsync(ct);
        return new QuotaImpact(projectId, backupsLimit, gigabytesLimit, (int)(usage?.Count ?? 0), usage?.Gigabytes ?? 0, addedBackups, addedGigabytes);
    }

    /// <summary>
    /// Every project with backups or an override: its limits (and whether they are the project's
    /// own) and what it uses. For the admins' quotas page.
    /// </summary>
    public async Task<IReadOnlyList<ProjectQuotaUsage>> ListAsync(RequestContext context, CancellationToken ct = default)
    {
        RequireAdmin(context);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var usage = await db.BackupCounts.AsNoTracking()
            .GroupBy(c => c.ProjectId)
            .Select(g => new { Project = g.Key, Count = (int)g.Sum(c => c.Count), Gigabytes = g.Sum(c => c.Gigabytes) })
            .Where(u => u.Count > 0)
            .ToDictionaryAsync(u => u.Project, ct);
        var overrides = await db.ProjectQuotas.AsNoTracking().ToDictionaryAsync(q => q.ProjectId, ct);
        return [.. usage.Keys.Union(overrides.Keys).Order(StringComparer.Ordinal).Select(project =>
        {
            var custom = overrides.GetValueOrDefault(project);
            var used = usage.GetValueOrDefault(project);
            return new ProjectQuotaUsage(
                project,
                Limit(custom is null ? _defaults.Backups : custom.Backups),
                Limit(custom is null ? _defaults.Gigabytes : custom.Gigabytes),
                custom is not null,
                used?.Count ?? 0,
                used?.Gigabytes ?? 0);
        })];
    }

    /// <summary>Sets a project's own limits (null or negative: unlimited), or with <paramref name="useDefaults"/> returns it to the defaults.</summary>
    public async Task SetAsync(RequestContext context, string projectId, int? backups, int? gigabytes, bool useDefaults, CancellationToken ct = default)
    {
        RequireAdmin(context);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var custom = await db.ProjectQuotas.FirstOrDefaultAsync(q => q.ProjectId == projectId, ct);
        if (useDefaults)
        {
            if (custom is not null)
            {
                db.ProjectQuotas.Remove(custom);
            }
        }
        else if (custom is null)
        {
            db.ProjectQuotas.Add(ProjectQuota.For(projectId, backups, gigabytes));
        }
        else
        {
            custom.Change(backups, gigabytes);
        }
        await db.SaveChangesAsync(ct);
    }

    private static void RequireAdmin(RequestContext context)
    {
        if (!PortalPolicy.CanAdminister(context))
        {
            // The doors only offer quotas to admins; reaching here otherwise is a bug.
            throw new UnauthorizedAccessException("Quotas are for admins.");
        }
    }

    private static int? Limit(int? configured) => configured is >= 0 ? configured : null;
}

/// <summary>A project's limits (null: unlimited) and its usage.</summary>
public sealed record ProjectQuotaUsage(string ProjectId, int? BackupsLimit, int? GigabytesLimit, bool IsOverride, int BackupsInUse, long GigabytesInUse);
