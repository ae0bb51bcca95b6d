using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Tenancy;

namespace Portal.Core.Auditing;

/// <summary>What the audit log page asks for: filters and one page, newest first.</summary>
public sealed record AuditQuery
{
    public string? ActorUserId { get; init; }

    /// <summary>The project the attempt was for.</summary>
    public string? ProjectId { get; init; }

    public string? Outcome { get; init; }

    public string? ErrorCode { get; init; }

    public string? Channel { get; init; }

    /// <summary>One request's entries: a bulk run's are all under <c>req-&lt;run id&gt;</c>.</summary>
    public string? RequestId { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    /// <summary>Zero-based.</summary>
    public int Page { get; init; }

    public int PageSize { get; init; } = 50;
}

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int TotalCount);

/// <summary>Reads the audit log: for admins only (contract §5).</summary>
public sealed class AuditQueries(IDbContextFactory<PortalDbContext> dbFactory)
{
    public const int MaxPageSize = 500;

    public async Task<AuditPage> ListAsync(RequestContext context, AuditQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = Filtered(db, context, query);
        var total = await entries.CountAsync(ct);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var items = await entries.OrderByDescending(e => e.Sequence).Skip(Math.Max(query.Page, 0) * pageSize).Take(pageSize).ToListAsync(ct);
        return new AuditPage(items, total);
    }

    /// <summary>Every matching entry, oldest first, streamed (for the CSV download).</summary>
    public async IAsyncEnumerable<AuditEntry> StreamAsync(RequestContext context, AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var entry in Filtered(db, context, query).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return entry;
        }
    }

    /// <summary>One entry, for reopening a rejected import's raw record.</summary>
    public async Task<AuditEntry?> FindAsync(RequestContext context, long sequence, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Filtered(db, context, new AuditQuery()).FirstOrDefaultAsync(e => e.Sequence == sequence, ct);
    }

    private static IQueryable<AuditEntry> Filtered(PortalDbContext db, RequestContext context, AuditQuery query)
    {
        if (!PortalPolicy.CanAdminister(context))
        {
            // The doors only offer the audit log to admins; reaching here otherwise is a bug.
            throw new UnauthorizedAccessException("The audit log is for admins.");
        }
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.ActorUserId))
        {
            entries = entries.Where(e => e.ActorUserId == query.ActorUserId.Trim());
        }
        if (!string.IsNullOrWhiteSpace(query.ProjectId))
        {
            entries = entries.Where(e => e.TargetProjectId == query.ProjectId.Trim());
        }
        if (!string.IsNullOrEmpty(query.Outcome))
        {
            entries = entries.Where(e => e.Outcome == query.Outcome);
        }
        if (!string.IsNullOrEmpty(query.ErrorCode))
        {
            entries = entries.Where(e => e.ErrorCode == query.ErrorCode);
        }
        if (!string.IsNullOrEmpty(query.Channel))
        {
            entries = entries.Where(e => e.Channel == query.Channel);
        }
        if (!string.IsNullOrWhiteSpace(query.RequestId))
        {
            entries = entries.Where(e => e.RequestId == query.RequestId.Trim());
        }
        if (query.From is { } from)
        {
            entries = entries.Where(e => e.OccurredAt >= from);
        }
        if (query.To is { } to)
        {
            entries = entries.Where(e => e.OccurredAt < to);
        }
        return entries;
    }
}
