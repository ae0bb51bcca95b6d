using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auditing;
using Portal.Core.Data;
using Portal.Core.Backups;
using Portal.Core.Tenancy;

namespace Portal.Tests.E2E.Web;

/// <summary>Looks up what the running portal holds, through its own Core services, to aim the browser.</summary>
public static class PortalData
{
    private static readonly RequestContext _admin = new() { UserId = "e2e", Roles = new HashSet<string> { Roles.Admin }, Channel = Channels.Ui };

    /// <summary>The newest backups of a project (one page of at most 100).</summary>
    public static async Task<IReadOnlyList<Backup>> BackupsAsync(PortalServer server, string projectId, string? status = BackupStatus.Available) =>
        (await ListAsync(server, new BackupListQuery { ProjectId = projectId, Status = status, PageSize = BackupQueries.MaxPageSize })).Items;

    public static async Task<int> CountAsync(PortalServer server, BackupListQuery query) => (await ListAsync(server, query)).TotalCount;

    /// <summary>A backup's audit entries, oldest first.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(PortalServer server, string backupId)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.Where(e => e.BackupId == backupId).OrderBy(e => e.Sequence).ToListAsync();
    }

    /// <summary>The audit entries one request left (by its request id).</summary>
    public static async Task<IReadOnlyList<AuditEntry>> AuditOfRequestAsync(PortalServer server, string requestId)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.Where(e => e.RequestId == requestId).OrderBy(e => e.Sequence).ToListAsync();
    }

    private static Task<BackupListPage> ListAsync(PortalServer server, BackupListQuery query) =>
        server.Services.GetRequiredService<BackupQueries>().ListAsync(_admin, query);
}
