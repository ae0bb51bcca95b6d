using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Backups;
using Portal.Core.Common;
using Portal.Core.Importing;
using Portal.Core.Records;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Backups;

/// <summary>Soft deletes with Cinder's rules, scoped and audited; an import of the record revives the backup.</summary>
public sealed class DeleteServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> ImportAsync(CoreTestHost host, BackupRecord? record = null)
    {
        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest("", TestRecords.Url(record ?? TestRecords.Valid())), Ct);
        return result.Backup!.Id;
    }

    [Fact]
    public async Task Delete_OwnAvailableBackup_HidesItAndAnImportOfItsRecordRevivesIt()
    {
        await using var host = await CoreTestHost.StartAsync();
        var record = TestRecords.Valid();
        var id = await ImportAsync(host, record);

        var deleted = await host.Get<DeleteService>().DeleteAsync(Contexts.Member(), id, Ct);
        var shown = await host.Get<BackupQueries>().GetDetailsAsync(Contexts.Member(), id, Ct);
        var revived = await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest("", TestRecords.Url(record)), Ct);

        Assert.True(deleted.IsSuccess);
        Assert.Equal(ErrorCodes.BackupNotFound, shown.Error.Code);
        Assert.Equal(AuditOutcomes.Revived, revived.Outcome);
        var audit = await host.QueryAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action + ":" + e.Outcome).ToListAsync(Ct));
        Assert.Equal(["import:imported", "delete:deleted", "import:revived"], audit);
    }

    [Fact]
    public async Task Delete_OfAnotherProjectsOrAMissingOrADeletedBackup_IsNotFoundAndChangesNothing()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = await ImportAsync(host);
        var deleter = host.Get<DeleteService>();

        var theirs = await deleter.DeleteAsync(Contexts.Member("another-project"), id, Ct);
        var missing = await deleter.DeleteAsync(Contexts.Member(), Guid.NewGuid().ToString(), Ct);
        await deleter.DeleteAsync(Contexts.Member(), id, Ct);
        var twice = await deleter.DeleteAsync(Contexts.Member(), id, Ct);

        Assert.Equal([ErrorCodes.BackupNotFound, ErrorCodes.BackupNotFound, ErrorCodes.BackupNotFound], new[] { theirs, missing, twice }.Select(r => r.Error.Code));
        var refused = await host.QueryAsync(db => db.AuditEntries.FirstAsync(e => e.Action == AuditActions.Delete, Ct));
        Assert.Equal(("another-project", AuditOutcomes.Rejected), (refused.TargetProjectId, refused.Outcome));
    }

    [Fact]
    public async Task Delete_ByAReader_IsForbidden()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = await ImportAsync(host);

        var refused = await host.Get<DeleteService>().DeleteAsync(Contexts.Reader(), id, Ct);

        Assert.Equal(ErrorCodes.DeleteForbidden, refused.Error.Code);
        Assert.Equal(1, await host.QueryAsync(db => db.Backups.CountAsync(b => !b.Deleted, Ct)));
    }

    [Fact]
    public async Task Delete_OfABackupThatIsNeitherAvailableNorInError_IsRefused()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = await ImportAsync(host);
        await host.ExecuteAsync(async db => (await db.Backups.SingleAsync(b => b.Id == id, Ct)).ChangeStatus(BackupStatus.Restoring, DateTime.UtcNow));

        var refused = await host.Get<DeleteService>().DeleteAsync(Contexts.Member(), id, Ct);

        Assert.Equal(ErrorCodes.DeleteInvalidState, refused.Error.Code);
        Assert.Contains("restoring", refused.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_OfABackupWithIncrementalsOnIt_WaitsUntilTheyAreDeleted()
    {
        await using var host = await CoreTestHost.StartAsync();
        var full = TestRecords.Valid();
        var fullId = await ImportAsync(host, full);
        var childId = await ImportAsync(host, TestRecords.Valid() with { ParentId = full.Id });
        var deleter = host.Get<DeleteService>();

        var refused = await deleter.DeleteAsync(Contexts.Member(), fullId, Ct);
        var child = await deleter.DeleteAsync(Contexts.Member(), childId, Ct);
        var parent = await deleter.DeleteAsync(Contexts.Member(), fullId, Ct);

        Assert.Equal(ErrorCodes.DeleteHasDependents, refused.Error.Code);
        Assert.Contains(childId, refused.Error.Message, StringComparison.Ordinal);
        Assert.True(child.IsSuccess && parent.IsSuccess);
        Assert.True((await host.Get<AuditLog>().VerifyAsync(Ct)).IsIntact);
    }
}
