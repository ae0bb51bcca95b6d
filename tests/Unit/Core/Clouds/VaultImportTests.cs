using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Common;
using Portal.Core.Importing;
using Portal.Core.Records;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Clouds;

/// <summary>
/// A cloud's record going into the vault through the one import path: kept exactly as Cinder
/// recorded it, under its own owner, whatever the quota, and refreshed when Cinder changed it.
/// </summary>
public sealed class VaultImportTests
{
    private const string Posix = "cinder.backup.drivers.posix.PosixBackupDriver";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static BackupRecord CloudRecord(string? id = null) => TestRecords.Valid(id) with
    {
        Service = Posix, Host = "backuphost7", AvailabilityZone = "zone-b", UpdatedAt = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc),
    };

    private static ImportRequest FromCloud(BackupRecord record) => new(Posix, TestRecords.Url(record)) { KeepRecordOwner = true, FromCloud = "lab" };

    [Fact]
    public async Task A_cloud_record_is_kept_as_Cinder_recorded_it_on_a_service_the_portal_does_not_run()
    {
        await using var host = await CoreTestHost.StartAsync();
        var record = CloudRecord();

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Admin(), FromCloud(record), Ct);

        var stored = await host.QueryAsync(db => db.Backups.SingleAsync(Ct));
        Assert.Equal(AuditOutcomes.Imported, result.Outcome);
        Assert.Equal((Posix, "backuphost7", "zone-b"), (stored.Service, stored.Host, stored.AvailabilityZone));
        Assert.Equal((record.UserId, record.ProjectId, record.UpdatedAt), (stored.UserId, stored.ProjectId, stored.UpdatedAt));
        Assert.Equal(TestRecords.Url(record), RecordEncoder.Encode(stored.ToRecord()));
    }

    [Fact]
    public async Task The_same_record_without_the_cloud_needs_a_service_of_this_deployment()
    {
        await using var host = await CoreTestHost.StartAsync();

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Admin(), FromCloud(CloudRecord()) with { FromCloud = null }, Ct);

        Assert.Equal(ErrorCodes.ServiceNotFound, result.Plan.Error?.Code);
    }

    [Fact]
    public async Task A_full_quota_does_not_keep_a_cloud_record_out_of_the_vault()
    {
        var settings = new Dictionary<string, string?>(CoreTestHost.NfsService) { ["Quotas:Default:Backups"] = "0" };
        await using var host = await CoreTestHost.StartAsync(settings);

        var vault = await host.Get<ImportService>().ImportAsync(Contexts.Admin(), FromCloud(CloudRecord()), Ct);
        var tenant = await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest("cinder.backup.drivers.nfs", TestRecords.Url(TestRecords.Valid())), Ct);

        Assert.Equal(AuditOutcomes.Imported, vault.Outcome);
        Assert.Equal(ErrorCodes.OverQuota, tenant.Plan.Error?.Code);
    }

    [Fact]
    public async Task A_record_Cinder_changed_refreshes_the_vault_copy_and_an_identical_one_changes_nothing()
    {
        await using var host = await CoreTestHost.StartAsync();
        var imports = host.Get<ImportService>();
        var record = CloudRecord();
        await imports.ImportAsync(Contexts.Admin(), FromCloud(record), Ct);

        var again = await imports.ImportAsync(Contexts.Admin(), FromCloud(record), Ct);
        var renamed = record with { DisplayName = "renamed in Cinder", UpdatedAt = record.UpdatedAt!.Value.AddMinutes(5) };
        var refreshed = await imports.ImportAsync(Contexts.Admin(), FromCloud(renamed), Ct);

        var stored = await host.QueryAsync(db => db.Backups.SingleAsync(Ct));
        Assert.Equal(AuditOutcomes.Unchanged, again.Outcome);
        Assert.Equal(AuditOutcomes.Refreshed, refreshed.Outcome);
        Assert.Equal(("renamed in Cinder", renamed.UpdatedAt), (stored.DisplayName, stored.UpdatedAt));
        Assert.Equal(TestRecords.Url(renamed), RecordEncoder.Encode(stored.ToRecord()));
    }

    [Fact]
    public async Task A_cloud_record_never_overwrites_a_backup_of_another_project_with_its_id()
    {
        await using var host = await CoreTestHost.StartAsync();
        var record = CloudRecord();
        await host.Get<ImportService>().ImportAsync(Contexts.Admin(), new ImportRequest("cinder.backup.drivers.nfs", TestRecords.Url(record)) { TargetProjectId = "another-project" }, Ct);

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Admin(), FromCloud(record with { DisplayName = "from the cloud" }), Ct);

        var stored = await host.QueryAsync(db => db.Backups.SingleAsync(Ct));
        Assert.Equal(ErrorCodes.AlreadyExists, result.Plan.Error?.Code);
        Assert.Equal(("another-project", record.DisplayName), (stored.ProjectId, stored.DisplayName));
    }

    [Fact]
    public async Task A_cloud_record_is_for_admins_only()
    {
        await using var host = await CoreTestHost.StartAsync();

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), FromCloud(CloudRecord()), Ct);

        Assert.Equal(ErrorCodes.ImportForbidden, result.Plan.Error?.Code);
        Assert.Equal(0, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
    }
}
