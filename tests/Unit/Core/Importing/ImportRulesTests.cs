using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Backups;
using Portal.Core.Common;
using Portal.Core.Importing;
using Portal.Core.Quotas;
using Portal.Core.Records;
using Portal.Core.Tenancy;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Importing;

/// <summary>Contract §3 and §5, rule by rule, on a real SQLite database.</summary>
public sealed class ImportRulesTests
{
    private const string Nfs = "cinder.backup.drivers.nfs.NFSBackupDriver";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ImportRequest Request(BackupRecord record, string backupService = Nfs) => new(backupService, TestRecords.Url(record));

    [Fact]
    public async Task Import_AsMember_WritesAnAvailableBackupOwnedByTheImporter()
    {
        await using var host = await CoreTestHost.StartAsync();
        var record = TestRecords.Valid() with { Status = "error", FailReason = "old failure", Deleted = true, Host = "elsewhere" };

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(record), Ct);

        var stored = await host.QueryAsync(db => db.Backups.SingleAsync(Ct));
        Assert.Equal(AuditOutcomes.Imported, result.Outcome);
        Assert.Equal((CinderVectors.ImporterUserId, CinderVectors.ImporterProjectId), (stored.UserId, stored.ProjectId));
        Assert.Equal((BackupStatus.Available, (string?)null, false, (DateTime?)null), (stored.Status, stored.FailReason, stored.Deleted, stored.DeletedAt));
        Assert.Equal((Nfs, "backuphost1", "nova"), (stored.Service, stored.Host, stored.AvailabilityZone));
        Assert.Equal(CinderVectors.ImportTime.UtcDateTime, stored.UpdatedAt);
        Assert.Equal(record.CreatedAt, stored.CreatedAt);
        Assert.Equal((record.Size, record.ObjectCount, record.Container, record.VolumeId), (stored.Size, stored.ObjectCount, stored.Container, stored.VolumeId));
    }

    [Fact]
    public async Task Import_RecordWithoutVolumeIdOrMetadata_GetsThePlaceholderAndEmptyMetadata()
    {
        await using var host = await CoreTestHost.StartAsync();
        var json = System.Text.Json.Nodes.JsonNode.Parse(RecordEncoder.ToJson(TestRecords.Valid()))!.AsObject();
        json.Remove("volume_id");
        json.Remove("metadata");

        await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest(Nfs, TestRecords.UrlOfJson(json.ToJsonString())), Ct);

        var stored = await host.QueryAsync(db => db.Backups.SingleAsync(Ct));
        Assert.Equal(Backup.ImportVolumeId, stored.VolumeId);
        Assert.Empty(stored.Metadata);
    }

    [Fact]
    public async Task Import_AsReader_IsForbiddenAndAuditedWithTheBackupId()
    {
        await using var host = await CoreTestHost.StartAsync();
        var record = TestRecords.Valid();

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Reader(), Request(record), Ct);

        Assert.Equal(ErrorCodes.ImportForbidden, result.Error!.Code);
        Assert.Equal([ImportCheckNames.Policy], result.Plan.Checks.Select(c => c.Name));
        var audit = await host.QueryAsync(db => db.AuditEntries.SingleAsync(Ct));
        Assert.Equal((AuditOutcomes.Rejected, ErrorCodes.ImportForbidden, record.Id), (audit.Outcome, audit.ErrorCode, audit.BackupId));
        Assert.Equal(0, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
    }

    [Theory]
    [InlineData("another-project", false)]
    [InlineData(null, true)]
    public async Task Import_AsMemberForAnotherProjectOrKeepingTheOwner_IsForbidden(string? target, bool keepOwner)
    {
        await using var host = await CoreTestHost.StartAsync();

        var result = await host.Get<ImportService>().ImportAsync(
            Contexts.Member(), Request(TestRecords.Valid()) with { TargetProjectId = target, KeepRecordOwner = keepOwner }, Ct);

        Assert.Equal(ErrorCodes.ImportForbidden, result.Error!.Code);
        Assert.Contains("admin", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_AsMemberWhenImportIsAdminOnly_IsForbidden()
    {
        await using var host = await CoreTestHost.StartAsync(CoreTestHost.NfsService.Append(KeyValuePair.Create("Policy:AdminOnlyImportExport", (string?)"true")));

        var member = await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(TestRecords.Valid()), Ct);
        var admin = await host.Get<ImportService>().ImportAsync(Contexts.Admin(), Request(TestRecords.Valid()), Ct);

        Assert.Equal(ErrorCodes.ImportForbidden, member.Error!.Code);
        Assert.True(admin.Succeeded);
    }

    [Fact]
    public async Task Import_AsAdminOnBehalfOfAProject_GoesToThatProject()
    {
        await using var host = await CoreTestHost.StartAsync();

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Admin(), Request(TestRecords.Valid()) with { TargetProjectId = "tenant-7" }, Ct);

        Assert.Equal(new BackupOwner("admin-user", "tenant-7"), result.Plan.Owner);
        Assert.Equal("tenant-7", (await host.QueryAsync(db => db.Backups.SingleAsync(Ct))).ProjectId);
        Assert.Equal("tenant-7", (await host.QueryAsync(db => db.AuditEntries.SingleAsync(Ct))).TargetProjectId);
    }

    [Fact]
    public async Task Import_AsAdminKeepingTheOwner_KeepsTheRecordsUserAndProject()
    {
        await using var host = await CoreTestHost.StartAsync();
        var record = TestRecords.Valid();

        await host.Get<ImportService>().ImportAsync(Contexts.Admin(), Request(record) with { KeepRecordOwner = true }, Ct);

        var stored = await host.QueryAsync(db => db.Backups.SingleAsync(Ct));
        Assert.Equal((record.UserId, record.ProjectId), (stored.UserId, stored.ProjectId));
    }

    [Fact]
    public async Task Import_KeepingTheOwnerOfARecordWithoutOne_IsRefused()
    {
        await using var host = await CoreTestHost.StartAsync();

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Admin(), Request(TestRecords.Valid() with { ProjectId = null }) with { KeepRecordOwner = true }, Ct);

        Assert.Equal(ErrorCodes.MissingFields, result.Error!.Code);
    }

    [Theory]
    [InlineData("cinder.backup.drivers.nfs.NFSBackupDriver")]
    [InlineData("cinder.backup.drivers.nfs")]
    [InlineData("cinder.backup")]
    [InlineData("")]
    public async Task Import_BackupServiceThatPrefixesTheDriver_Matches(string backupService)
    {
        await using var host = await CoreTestHost.StartAsync();

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(TestRecords.Valid(), backupService), Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    [Theory]
    [InlineData("cinder.backup.drivers.swift.SwiftBackupDriver")]
    [InlineData("cinder.backup.drivers.nfs.NFSBackupDriverX")]
    [InlineData("CINDER.backup.drivers.nfs")]
    public async Task Import_BackupServiceNoEnabledServiceRuns_IsServiceNotFound(string backupService)
    {
        await using var host = await CoreTestHost.StartAsync();

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(TestRecords.Valid(), backupService), Ct);

        Assert.Equal(ErrorCodes.ServiceNotFound, result.Error!.Code);
        Assert.Contains("NFSBackupDriver on backuphost1", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cinder.backup.drivers.google.GoogleBackupDriver")]
    [InlineData("cinder.backup.drivers.google")]
    [InlineData("cinder.backup.drivers.gcs.GoogleBackupDriver")]
    public async Task Import_OldGoogleDriverName_MatchesTheRenamedGcsDriver(string backupService)
    {
        await using var host = await CoreTestHost.StartAsync(Service("cinder.backup.drivers.gcs.GoogleBackupDriver", "gcshost"));

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(TestRecords.Valid(), backupService), Ct);

        Assert.Equal("cinder.backup.drivers.gcs.GoogleBackupDriver", result.Backup!.Service);
    }

    [Fact]
    public async Task Import_OnlyADisabledServiceMatches_IsServiceNotFound()
    {
        await using var host = await CoreTestHost.StartAsync(Service(Nfs, "h1").Append(KeyValuePair.Create("BackupServices:0:Enabled", (string?)"false")));

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(TestRecords.Valid()), Ct);

        Assert.Equal(ErrorCodes.ServiceNotFound, result.Error!.Code);
    }

    [Fact]
    public async Task Import_ChosenServiceHost_IsTheOneUsed()
    {
        var settings = Service(Nfs, "nfs-a").Concat(Service(Nfs, "nfs-b", index: 1));
        await using var host = await CoreTestHost.StartAsync(settings);

        var chosen = await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(TestRecords.Valid()) with { ServiceHost = "nfs-b" }, Ct);
        var unsuitable = await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(TestRecords.Valid()) with { ServiceHost = "no-such-host" }, Ct);

        Assert.Equal("nfs-b", chosen.Backup!.Host);
        Assert.Equal(ErrorCodes.ServiceNotFound, unsuitable.Error!.Code);
    }

    [Fact]
    public async Task Import_IdOfAnExistingBackupInAnyLetterCase_IsAlreadyExistsAndChangesNothing()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = Guid.NewGuid().ToString();
        await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(TestRecords.Valid(id) with { DisplayName = "first" }), Ct);

        var again = await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(TestRecords.Valid(id.ToUpperInvariant()) with { DisplayName = "second" }), Ct);

        Assert.Equal(ErrorCodes.AlreadyExists, again.Error!.Code);
        Assert.Contains("'first'", again.Error.Message, StringComparison.Ordinal);
        Assert.Equal("first", (await host.QueryAsync(db => db.Backups.SingleAsync(Ct))).DisplayName);
    }

    [Fact]
    public async Task Import_IdTakenInAnotherProject_SaysOnlyThatTheIdIsTaken()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = Guid.NewGuid().ToString();
        await host.Get<ImportService>().ImportAsync(Contexts.Member("project-a"), Request(TestRecords.Valid(id) with { DisplayName = "secret name" }), Ct);

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member("project-b"), Request(TestRecords.Valid(id)), Ct);

        Assert.Equal(ErrorCodes.AlreadyExists, result.Error!.Code);
        Assert.DoesNotContain("secret name", result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("available", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_IdOfADeletedBackup_RevivesItInPlaceWithTheRecordsFields()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = Guid.NewGuid().ToString();
        await host.Get<ImportService>().ImportAsync(Contexts.Member(userId: "earlier-user"), Request(TestRecords.Valid(id) with { Metadata = new([KeyValuePair.Create("old", "1")]) }), Ct);
        await host.ExecuteAsync(async db => (await db.Backups.SingleAsync(Ct)).MarkDeleted(host.Clock.GetUtcNow().UtcDateTime));
        host.Clock.Advance(TimeSpan.FromHours(1));

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(TestRecords.Valid(id) with { Metadata = new([KeyValuePair.Create("new", "2")]) }), Ct);

        Assert.Equal(AuditOutcomes.Revived, result.Outcome);
        Assert.True(result.Plan.RevivesDeletedBackup);
        var stored = await host.QueryAsync(db => db.Backups.SingleAsync(Ct));
        Assert.Equal((id, CinderVectors.ImporterProjectId, BackupStatus.Available, false), (stored.Id, stored.ProjectId, stored.Status, stored.Deleted));
        Assert.Equal([KeyValuePair.Create("new", "2")], stored.Metadata);
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, stored.UpdatedAt);
    }

    [Theory]
    [InlineData("2", null, 3, ErrorCodes.OverQuota)]
    [InlineData("3", null, 3, null)]
    [InlineData(null, "29", 10, ErrorCodes.OverQuota)]
    [InlineData(null, "30", 10, null)]
    [InlineData("-1", "-1", 10, null)]
    public async Task Import_QuotaOfTheTargetProject_IsEnforced(string? backups, string? gigabytes, int size, string? expectedCode)
    {
        var settings = CoreTestHost.NfsService
            .Append(KeyValuePair.Create("Quotas:Default:Backups", backups))
            .Append(KeyValuePair.Create("Quotas:Default:Gigabytes", gigabytes));
        await using var host = await CoreTestHost.StartAsync(settings);
        var importer = host.Get<ImportService>();
        await importer.ImportAsync(Contexts.Member(), Request(TestRecords.Valid() with { Size = 10 }), Ct);
        await importer.ImportAsync(Contexts.Member(), Request(TestRecords.Valid() with { Size = 10 }), Ct);

        var third = await importer.ImportAsync(Contexts.Member(), Request(TestRecords.Valid() with { Size = size }), Ct);

        Assert.Equal(expectedCode, third.Error?.Code);
        Assert.Equal(expectedCode is null ? 3 : 2, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
    }

    [Fact]
    public async Task Import_QuotaOverrideOfAProject_ReplacesTheDefaultAndDeletedBackupsDoNotCount()
    {
        await using var host = await CoreTestHost.StartAsync(CoreTestHost.NfsService.Append(KeyValuePair.Create("Quotas:Default:Backups", (string?)"100")));
        await host.ExecuteAsync(db =>
        {
            db.ProjectQuotas.Add(ProjectQuota.For(CinderVectors.ImporterProjectId, backups: 1, gigabytes: null));
            return Task.CompletedTask;
        });
        var importer = host.Get<ImportService>();
        await importer.ImportAsync(Contexts.Member(), Request(TestRecords.Valid()), Ct);

        var overQuota = await importer.ImportAsync(Contexts.Member(), Request(TestRecords.Valid()), Ct);
        await host.ExecuteAsync(async db => (await db.Backups.SingleAsync(Ct)).MarkDeleted(DateTime.UtcNow));
        var afterDelete = await importer.ImportAsync(Contexts.Member(), Request(TestRecords.Valid()), Ct);

        Assert.Equal(ErrorCodes.OverQuota, overQuota.Error!.Code);
        Assert.Contains("2 backups of 1 allowed", overQuota.Error.Message, StringComparison.Ordinal);
        Assert.True(afterDelete.Succeeded);
    }

    [Fact]
    public async Task Import_IncrementalWhoseParentIsMissing_ImportsWithAWarning()
    {
        await using var host = await CoreTestHost.StartAsync();
        var parentId = Guid.NewGuid().ToString();
        var child = TestRecords.Valid() with { ParentId = parentId };

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(child), Ct);
        var parent = await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(TestRecords.Valid(parentId)), Ct);
        var secondChild = await host.Get<ImportService>().PlanAsync(Contexts.Member(), Request(TestRecords.Valid() with { ParentId = parentId }), Ct);

        Assert.True(result.Succeeded);
        Assert.Contains(result.Plan.Warnings, w => w.Contains(parentId, StringComparison.Ordinal));
        Assert.Equal(CheckOutcome.Warning, result.Plan.Checks.Single(c => c.Name == ImportCheckNames.Parent).Outcome);
        Assert.True(parent.Succeeded);
        Assert.Equal(CheckOutcome.Passed, secondChild.Checks.Single(c => c.Name == ImportCheckNames.Parent).Outcome);
    }

    [Fact]
    public async Task Plan_EvaluatesEveryCheckAndWritesNothing()
    {
        await using var host = await CoreTestHost.StartAsync(CoreTestHost.NfsService.Append(KeyValuePair.Create("Quotas:Default:Backups", (string?)"0")));

        var plan = await host.Get<ImportService>().PlanAsync(Contexts.Member(), Request(TestRecords.Valid(), "cinder.backup.drivers.swift"), Ct);

        Assert.Equal(ErrorCodes.ServiceNotFound, plan.Error!.Code);
        Assert.Equal(
            [ImportCheckNames.Policy, ImportCheckNames.Record, ImportCheckNames.Owner, ImportCheckNames.BackupService, ImportCheckNames.Id, ImportCheckNames.Quota],
            plan.Checks.Select(c => c.Name));
        Assert.Equal(CheckOutcome.Failed, plan.Checks.Single(c => c.Name == ImportCheckNames.Quota).Outcome);
        Assert.Equal(0, await host.QueryAsync(db => db.AuditEntries.CountAsync(Ct)));
        Assert.Equal(0, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
    }

    [Fact]
    public async Task Plan_ShowsWhatWillBeWrittenFieldByField()
    {
        await using var host = await CoreTestHost.StartAsync();
        var json = System.Text.Json.Nodes.JsonNode.Parse(RecordEncoder.ToJson(TestRecords.Valid()))!.AsObject();
        json.Remove("volume_id");
        json["is_incremental"] = false;

        var plan = await host.Get<ImportService>().PlanAsync(Contexts.Member(), new ImportRequest(Nfs, TestRecords.UrlOfJson(json.ToJsonString())), Ct);

        var fates = plan.Fields.ToDictionary(f => f.Key, f => f.Fate);
        Assert.Equal(FieldFate.Kept, fates["display_name"]);
        Assert.Equal(FieldFate.Replaced, fates["host"]);
        Assert.Equal(FieldFate.Replaced, fates["project_id"]);
        Assert.Equal(FieldFate.Replaced, fates["updated_at"]);
        Assert.Equal(FieldFate.Defaulted, fates["volume_id"]);
        Assert.Equal(FieldFate.Ignored, fates["is_incremental"]);
        Assert.Equal("\"00000000-0000-0000-0000-000000000000\"", plan.Fields.Single(f => f.Key == "volume_id").StoredValue);
        Assert.Contains(plan.Warnings, w => w.Contains("is_incremental", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_RejectedRecord_KeepsTheRawInputInTheAuditLog()
    {
        await using var host = await CoreTestHost.StartAsync();
        var garbage = "this is not a record!";
        var huge = new string('A', RecordLimits.MaxBackupUrlLength + 100);

        await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest(Nfs, garbage), Ct);
        await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest(Nfs, huge), Ct);

        var entries = await host.QueryAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync(Ct));
        Assert.Equal(garbage, entries[0].RawInputText());
        Assert.Equal(ErrorCodes.NotBase64, entries[0].ErrorCode);
        Assert.Equal(RecordLimits.MaxBackupUrlLength, entries[1].RawInput!.Length);
        Assert.Equal(ErrorCodes.TooLarge, entries[1].ErrorCode);
        Assert.All(entries, e => Assert.Equal((Channels.Ui, "127.0.0.1", CinderVectors.ImporterUserId), (e.Channel, e.ClientAddress, e.ActorUserId)));
    }

    [Fact]
    public async Task Import_UpperCaseId_IsStoredInLowerCaseWithAWarning()
    {
        await using var host = await CoreTestHost.StartAsync();
        var id = Guid.NewGuid().ToString().ToUpperInvariant();

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), Request(TestRecords.Valid(id)), Ct);

        Assert.Equal(id.ToLowerInvariant(), result.Backup!.Id);
        Assert.Contains(result.Plan.Warnings, w => w.Contains("lower case", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_SameRecordConcurrently_CreatesOneBackupAndOneRefusal()
    {
        await using var host = await CoreTestHost.StartAsync();
        var request = Request(TestRecords.Valid());
        var importer = host.Get<ImportService>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => importer.ImportAsync(Contexts.Member(), request, Ct), Ct)));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(ErrorCodes.AlreadyExists, r.Error!.Code));
        Assert.Equal(1, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
        Assert.True((await host.Get<AuditLog>().VerifyAsync(Ct)).IsIntact);
    }

    private static IEnumerable<KeyValuePair<string, string?>> Service(string driver, string serviceHost, int index = 0) =>
    [
        KeyValuePair.Create($"BackupServices:{index}:Driver", (string?)driver),
        KeyValuePair.Create($"BackupServices:{index}:Host", (string?)serviceHost),
    ];
}
