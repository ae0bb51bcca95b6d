using Microsoft.EntityFrameworkCore;
using Portal.Core.Backups;
using Portal.Core.Data;
using Portal.Core.Quotas;

namespace Portal.Core.Importing;

/// <summary>
/// What the import rules need to know of the database about one record. A single import asks the
/// database each time; a bulk run answers from what it fetched for its batch and what it has written.
/// </summary>
public interface IImportFacts
{
    /// <summary>The backup with this (normalized) id, deleted or not, tracked so it can be revived.</summary>
    Task<Backup?> FindAsync(string id, CancellationToken ct);

    /// <summary>Whether a backup with this id exists in <paramref name="projectId"/> and is not deleted.</summary>
    Task<bool> IsPresentAsync(string id, string projectId, CancellationToken ct);

    Task<QuotaImpact> QuotaAsync(string projectId, int addedBackups, long addedGigabytes, CancellationToken ct);
}

/// <summary>Facts read straight from the database, for one import at a time.</summary>
internal sealed class DatabaseImportFacts(PortalDbContext db, QuotaService quotas) : IImportFacts
{
    public Task<Backup?> FindAsync(string id, CancellationToken ct) => db.Backups.FirstOrDefaultAsync(b => b.Id == id, ct);

    public Task<bool> IsPresentAsync(string id, string projectId, CancellationToken ct) =>
        db.Backups.NotDeleted().AnyAsync(b => b.Id == id && b.ProjectId == projectId, ct);

    public Task<QuotaImpact> QuotaAsync(string projectId, int addedBackups, long addedGigabytes, CancellationToken ct) =>
        quotas.EvaluateAsync(db, projectId, addedBackups, addedGigabytes, ct);
}
