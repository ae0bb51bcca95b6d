using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Backups;
using Portal.Core.Common;
using Portal.Core.Exporting;
using Portal.Core.Importing;
using Portal.Core.Records;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Tenancy;

/// <summary>
/// A member can never link to, revive, block or learn about another project's backups (contract
/// §5, issue 12): the other project's backup behaves exactly like a missing one, through every rule.
/// </summary>
public sealed class CrossProjectTests
{
    private const string Nfs = "cinder.backup.drivers.nfs.NFSBackupDriver";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Portal.Core.Tenancy.RequestContext Owner = Contexts.Member("owner-project", "owner-user");
    private static readonly Portal.Core.Tenancy.RequestContext Intruder = Contexts.Member("intruder-project", "intruder-user");

    private static ImportRequest Request(BackupRecord record) => new(Nfs, TestRecords.Url(record));

    private static async Task<string> OwnersBackupAsync(CoreTestHost host)
    {
        var imported = await host.Get<ImportService>().ImportAsync(Owner, Request(TestRecords.Valid()), Ct);
        return imported.Backup!.Id;
    }

    [Fact]
    public async Task ForeignParent_IsTreatedAsMissing_AndCannotBlockTheOwnersDelete()
    {
        await using var host = await CoreTestHost.StartAsync();
        var foreign = await OwnersBackupAsync(host);
        var missing = Guid.NewGuid().ToString();

        var toForeign = await host.Get<ImportService>().PlanAsync(Intruder, Request(TestRecords.Valid() with { ParentId = foreign }), Ct);
        var toMissing = await host.Get<ImportService>().PlanAsync(Intruder, Request(TestRecords.Valid() with { ParentId = missing }), Ct);
        var child = await host.Get<ImportService>().ImportAsync(Intruder, Request(TestRecords.Valid() with { ParentId = foreign }), Ct);
        var deleted = await host.Get<DeleteService>().DeleteAsync(Owner, foreign, Ct);

        // The preview says the same of another project's backup as of a backup that does not exist.
        var parentCheck = Assert.Single(toForeign.Checks, c => c.Name == ImportCheckNames.Parent);
        Assert.Equal(Assert.Single(toMissing.Checks, c => c.Name == ImportCheckNames.Parent).Detail.Replace(missing, foreign, StringComparison.Ordinal), parentCheck.Detail);
        Assert.Equal(CheckOutcome.Warning, parentCheck.Outcome);
        Assert.True(child.Succeeded);
        Assert.True(deleted.IsSuccess);
    }

    [Fact]
    public async Task ForeignChild_IsNotPartOfTheOwnersChain()
    {
        await using var host = await CoreTestHost.StartAsync();
        var parent = await OwnersBackupAsync(host);
        var ownChild = await host.Get<ImportService>().ImportAsync(Owner, Request(TestRecords.Valid() with { ParentId = parent }), Ct);
        await host.Get<ImportService>().ImportAsync(Intruder, Request(TestRecords.Valid() with { ParentId = parent }), Ct);

        var asOwner = await host.Get<BackupQueries>().GetDetailsAsync(Owner, parent, Ct);
        var asAdmin = await host.Get<BackupQueries>().GetDetailsAsync(Contexts.Admin(), parent, Ct);

        Assert.Equal([ownChild.Backup!.Id], asOwner.Value.Dependents.Select(d => d.Id));
        Assert.Equal([ownChild.Backup!.Id], asAdmin.Value.Dependents.Select(d => d.Id));
    }

    [Fact]
    public async Task ForeignDeletedBackup_IsNotRevivedByAnotherProject_AndItsOwnerStillCan()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = await OwnersBackupAsync(host);
        var live = Guid.NewGuid().ToString();
        await host.Get<ImportService>().ImportAsync(Owner, Request(TestRecords.Valid(live)), Ct);
        await host.Get<DeleteService>().DeleteAsync(Owner, id, Ct);

        var intrusion = await host.Get<ImportService>().ImportAsync(Intruder, Request(TestRecords.Valid(id)), Ct);
        var onLive = await host.Get<ImportService>().ImportAsync(Intruder, Request(TestRecords.Valid(live)), Ct);
        var stillDeleted = await host.QueryAsync(db => db.Backups.SingleAsync(b => b.Id == id, Ct));
        var revived = await host.Get<ImportService>().ImportAsync(Owner, Request(TestRecords.Valid(id)), Ct);

        Assert.Equal(ErrorCodes.AlreadyExists, intrusion.Error!.Code);
        // A deleted backup of another project is an id that is taken, told exactly as a live one is.
        Assert.Equal(onLive.Error!.Message.Replace(live, id, StringComparison.Ordinal), intrusion.Error.Message);
        Assert.False(intrusion.Plan.RevivesDeletedBackup);
        Assert.Equal(("owner-project", true), (stillDeleted.ProjectId, stillDeleted.Deleted));
        Assert.Equal(AuditOutcomes.Revived, revived.Outcome);
    }

    [Fact]
    public async Task Admin_MayReviveADeletedBackupIntoTheProjectTheyChoose()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = await OwnersBackupAsync(host);
        await host.Get<DeleteService>().DeleteAsync(Owner, id, Ct);

        var revived = await host.Get<ImportService>().ImportAsync(Contexts.Admin(), Request(TestRecords.Valid(id)) with { TargetProjectId = "new-home" }, Ct);

        Assert.Equal(AuditOutcomes.Revived, revived.Outcome);
        Assert.Equal("new-home", (await host.QueryAsync(db => db.Backups.SingleAsync(Ct))).ProjectId);
    }

    [Fact]
    public async Task RefusedAttemptsOfAnotherProject_StayOutOfTheOwnersHistory()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = await OwnersBackupAsync(host);

        var export = await host.Get<ExportService>().ExportAsync(Intruder, id, Ct);
        var delete = await host.Get<DeleteService>().DeleteAsync(Intruder, id, Ct);
        var import = await host.Get<ImportService>().ImportAsync(Intruder, Request(TestRecords.Valid(id)), Ct);
        await host.Get<ExportService>().ExportAsync(Owner, id, Ct);

        var ownersView = await host.Get<BackupQueries>().GetDetailsAsync(Owner, id, Ct);
        var adminsView = await host.Get<BackupQueries>().GetDetailsAsync(Contexts.Admin(), id, Ct);
        var intruderEntries = await host.QueryAsync(db => db.AuditEntries.Where(e => e.ActorUserId == "intruder-user").ToListAsync(Ct));

        Assert.Equal((ErrorCodes.BackupNotFound, ErrorCodes.BackupNotFound, ErrorCodes.AlreadyExists), (export.Error.Code, delete.Error.Code, import.Error!.Code));
        Assert.Equal([AuditOutcomes.Exported, AuditOutcomes.Imported], ownersView.Value.History.Select(e => e.Outcome));
        Assert.Equal(5, adminsView.Value.History.Count);
        // The intruder's attempts are their own: their project, nothing of the owner's backup.
        Assert.All(intruderEntries, e => Assert.Equal(("intruder-project", (string?)null), (e.TargetProjectId, e.Action == AuditActions.Import ? null : e.BackupService)));
    }
}
