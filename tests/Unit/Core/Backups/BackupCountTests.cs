using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Core.Backups;
using Portal.Core.Data;
using Portal.Core.Importing;
using Portal.Core.Quotas;
using Portal.Core.Tenancy;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Backups;

/// <summary>
/// The counts the database keeps (ADR 0016) are always the backups' own: after imports, bulk runs,
/// deletes, revivals, status changes and writes made by hand, on either engine; and the pages, the
/// API's with_count and the quotas that read them answer as counting the rows would.
/// </summary>
public sealed class BackupCountTests
{
    private const string Other = "0000000000000000000000000000aaaa";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Usage(string ProjectId, string Status, long Count, long Gigabytes);

    private static Task<List<Usage>> KeptAsync(CoreTestHost host) => host.QueryAsync(db => db.BackupCounts
        .Where(c => c.Count != 0 || c.Gigabytes != 0)
        .Select(c => new Usage(c.ProjectId, c.Status, c.Count, c.Gigabytes))
        .ToListAsync(Ct));

    private static Task<List<Usage>> CountedAsync(CoreTestHost host) => host.QueryAsync(db => db.Backups
        .Where(b => !b.Deleted)
        .GroupBy(b => new { b.ProjectId, b.Status })
        .Select(g => new Usage(g.Key.ProjectId, g.Key.Status, g.Count(), g.Sum(b => (long)b.Size)))
        .ToListAsync(Ct));

    private static async Task AssertKeptAsCountedAsync(CoreTestHost host)
    {
        var kept = (await KeptAsync(host)).OrderBy(u => u.ProjectId).ThenBy(u => u.Status);
        var counted = (await CountedAsync(host)).OrderBy(u => u.ProjectId).ThenBy(u => u.Status);
        Assert.Equal(counted, kept);
    }

    private static async Task<string> ImportAsync(CoreTestHost host, RequestContext context, int size)
    {
        var imported = await host.Get<ImportService>().ImportAsync(context, new ImportRequest("", TestRecords.Url(TestRecords.Valid() with { Size = size })), Ct);
        return imported.Backup!.Id;
    }

    [Fact]
    public async Task Counts_FollowEveryWrite_ThroughCoreAndByHand()
    {
        await using var host = await CoreTestHost.StartAsync();
        var member = Contexts.Member();
        var ids = new List<string>();
        for (var size = 1; size <= 5; size++)
        {
            ids.Add(await ImportAsync(host, member, size));
        }
        var bulk = Enumerable.Range(1, 4).Select(i => RecordLines.Line(i, TestRecords.Valid() with { Size = 10 * i }));
        await host.Get<BulkImportService>().ImportAsync(RequestContext.Operator("ops"), RecordLines.Streamed(bulk),
            new BulkImportOptions { TargetProjectId = Other }, (_, _) => ValueTask.CompletedTask, ct: Ct);
        await AssertKeptAsCountedAsync(host);

        var deleter = host.Get<DeleteService>();
        await deleter.DeleteAsync(member, ids[0], Ct);
        await deleter.DeleteAsync(member, ids[1], Ct);
        var revived = await host.QueryAsync(db => db.Backups.FirstAsync(b => b.Id == ids[1], Ct));
        await host.Get<ImportService>().ImportAsync(member, new ImportRequest("", TestRecords.Url(revived.ToRecord() with { Status = "available", Size = 7 })), Ct);
        await host.ExecuteAsync(async db => (await db.Backups.FirstAsync(b => b.Id == ids[2], Ct)).ChangeStatus(BackupStatus.Error, DateTime.UtcNow, "lost"));
        await AssertKeptAsCountedAsync(host);

        // Writes no service makes (an operator's SQL) are followed all the same.
        await host.ExecuteAsync(db => db.Database.ExecuteSqlAsync($"UPDATE backups SET \"ProjectId\" = {Other}, \"Size\" = 99 WHERE \"Id\" = {ids[3]}", Ct));
        await host.ExecuteAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM backups WHERE \"Id\" = {ids[4]}", Ct));
        await host.ExecuteAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM backups WHERE \"Id\" = {ids[0]}", Ct));
        await AssertKeptAsCountedAsync(host);
        Assert.Contains(await KeptAsync(host), u => u.ProjectId == Other && u.Gigabytes == 10 + 20 + 30 + 40 + 99);
    }

    [Fact]
    public async Task Readers_OfTheCounts_AnswerAsCountingTheRows()
    {
        await using var host = await CoreTestHost.StartAsync();
        var member = Contexts.Member();
        var ids = new List<string>();
        for (var size = 1; size <= 4; size++)
        {
            ids.Add(await ImportAsync(host, member, size));
        }
        await ImportAsync(host, Contexts.Member(Other), 50);
        await host.ExecuteAsync(async db => (await db.Backups.FirstAsync(b => b.Id == ids[0], Ct)).ChangeStatus(BackupStatus.Error, DateTime.UtcNow));
        await host.Get<DeleteService>().DeleteAsync(member, ids[1], Ct);
        var queries = host.Get<BackupQueries>();

        async Task<int?> WithCount(RequestContext context, BackupPageQuery query) => (await queries.PageAsync(context, query with { WithCount = true }, Ct)).Value.TotalCount;
        Assert.Equal(3, await WithCount(member, new BackupPageQuery()));
        Assert.Equal(2, await WithCount(member, new BackupPageQuery { Status = BackupStatus.Available }));
        Assert.Equal(1, await WithCount(member, new BackupPageQuery { Status = BackupStatus.Error }));
        Assert.Equal(0, await WithCount(member, new BackupPageQuery { Status = BackupStatus.Deleted }));
        Assert.Equal(0, await WithCount(Contexts.Member("no-such-project"), new BackupPageQuery()));
        Assert.Equal(4, await WithCount(Contexts.Admin(member.ProjectId!), new BackupPageQuery { AllProjects = true }));
        Assert.Equal(3, await WithCount(Contexts.Admin(member.ProjectId!), new BackupPageQuery { AllProjects = true, Status = BackupStatus.Available }));
        // A name filter counts the rows themselves, and agrees.
        Assert.Equal(3, await WithCount(member, new BackupPageQuery { NameContains = "night" }));

        Assert.Equal(3, (await queries.ListAsync(member, new BackupListQuery(), Ct)).TotalCount);
        Assert.Equal(1, (await queries.ListAsync(Contexts.Admin(), new BackupListQuery { ProjectId = Other }, Ct)).TotalCount);
        Assert.Equal(4, (await queries.ListAsync(Contexts.Admin(), new BackupListQuery(), Ct)).TotalCount);

        var usage = await host.QueryAsync(db => host.Get<QuotaService>().EvaluateAsync(db, member.ProjectId!, 0, 0, Ct));
        Assert.Equal((3, 1L + 3 + 4), (usage.BackupsInUse, usage.GigabytesInUse));
        var projects = await host.Get<QuotaService>().ListAsync(Contexts.Admin(), Ct);
        Assert.Equal([(Other, 1, 50L), (member.ProjectId!, 3, 8L)], projects.Select(p => (p.ProjectId, p.BackupsInUse, p.GigabytesInUse)).OrderBy(p => p.ProjectId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Migration_CountsTheBackupsAlreadyThere()
    {
        await using var host = await CoreTestHost.StartAsync();
        for (var size = 1; size <= 3; size++)
        {
            await ImportAsync(host, Contexts.Member(), size);
        }
        await ImportAsync(host, Contexts.Member(Other), 8);
        await host.QueryAsync(async db =>
        {
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            await migrator.MigrateAsync(migrations[migrations.IndexOf(migrations.Single(m => m.EndsWith("_BackupCounts", StringComparison.Ordinal))) - 1], Ct);
            await ImportedByHandAsync(db);
            await migrator.MigrateAsync(cancellationToken: Ct);
            return 0;
        });

        await AssertKeptAsCountedAsync(host);
        Assert.Equal(5, (await KeptAsync(host)).Sum(u => u.Count));
    }

    /// <summary>A backup written while no counts were kept: the migration must count it too.</summary>
    private static async Task ImportedByHandAsync(PortalDbContext db)
    {
        db.Backups.Add(Backup.Import(TestRecords.Valid() with { Size = 3 }, new BackupOwner("u", Other),
            new Portal.Core.BackupServices.BackupServiceDefinition { Driver = "cinder.backup.drivers.nfs.NFSBackupDriver", Host = "h" }, DateTime.UtcNow));
        await db.SaveChangesAsync(Ct);
    }
}
