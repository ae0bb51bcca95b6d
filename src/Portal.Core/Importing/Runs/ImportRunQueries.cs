using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Tenancy;

namespace Portal.Core.Importing.Runs;

/// <summary>Which results of a run to show: filters and one page, in file order.</summary>
public sealed record ImportRunItemQuery
{
    /// <summary>The audit log's word for the outcome (<see cref="ImportOutcomeWords.Word"/>).</summary>
    public string? Outcome { get; init; }

    public string? Code { get; init; }

    /// <summary>Zero-based.</summary>
    public int Page { get; init; }

    public int PageSize { get; init; } = 50;
}

public sealed record ImportRunPage<T>(IReadOnlyList<T> Items, int TotalCount);

/// <summary>What admins read of bulk import runs: the runs, their results, the codes among them. To anyone else runs do not exist.</summary>
public sealed class ImportRunQueries(IDbContextFactory<PortalDbContext> dbFactory)
{
    public const int MaxPageSize = 500;

    public async Task<ImportRun?> GetAsync(RequestContext context, Guid runId, CancellationToken ct = default)
    {
        if (!PortalPolicy.CanAdminister(context))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
    }

    /// <summary>Runs, newest first.</summary>
    public async Task<ImportRunPage<ImportRun>> ListAsync(RequestContext context, int page, int pageSize, CancellationToken ct = default)
    {
        if (!PortalPolicy.CanAdminister(context))
        {
            return new([], 0);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var items = await db.ImportRuns.AsNoTracking().OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip(Math.Max(page, 0) * pageSize).Take(pageSize).ToListAsync(ct);
        return new(items, await db.ImportRuns.CountAsync(ct));
    }

    public async Task<ImportRunPage<ImportRunItem>> ListItemsAsync(RequestContext context, Guid runId, ImportRunItemQuery query, CancellationToken ct = default)
    {
        if (!PortalPolicy.CanAdminister(context))
        {
            return new([], 0);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = Filtered(db, runId, query);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = await items.OrderBy(i => i.Line).Skip(Math.Max(query.Page, 0) * pageSize).Take(pageSize).ToListAsync(ct);
        return new(page, await items.CountAsync(ct));
    }

    /// <summary>The error codes present in a run's results, for its filter.</summary>
    public async Task<IReadOnlyList<string>> ListCodesAsync(RequestContext context, Guid runId, CancellationToken ct = default)
    {
        if (!PortalPolicy.CanAdminister(context))
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ImportRunItems.Where(i => i.RunId == runId && i.Code != null).Select(i => i.Code!).Distinct().OrderBy(c => c).ToListAsync(ct);
    }

    /// <summary>Every matching result in file order, streamed (for the report downloads).</summary>
    public async IAsyncEnumerable<ImportRunItem> StreamItemsAsync(RequestContext context, Guid runId, ImportRunItemQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (!PortalPolicy.CanAdminister(context))
        {
            yield break;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var item in Filtered(db, runId, query).OrderBy(i => i.Line).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return item;
        }
    }

    private static IQueryable<ImportRunItem> Filtered(PortalDbContext db, Guid runId, ImportRunItemQuery query)
    {
        var items = db.ImportRunItems.AsNoTracking().Where(i => i.RunId == runId);
        if (!string.IsNullOrEmpty(query.Outcome))
        {
            items = items.Where(i => i.Outcome == query.Outcome);
        }
        if (!string.IsNullOrEmpty(query.Code))
        {
            items = items.Where(i => i.Code == query.Code);
        }
        return items;
    }
}
