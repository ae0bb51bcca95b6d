using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Backups;
using Portal.Core.Common;
using Portal.Core.Exporting;
using Portal.Core.Importing;
using Portal.Core.Records;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Exporting;

/// <summary>Contract §1 and §5 for exports, with their audit entries.</summary>
public sealed class ExportServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Backup> ImportAsync(CoreTestHost host, string projectId = CinderVectors.ImporterProjectId, BackupRecord? record = null)
    {
        var result = await host.Get<ImportService>().ImportAsync(
            Contexts.Member(projectId), new ImportRequest("cinder.backup.drivers.nfs", TestRecords.Url(record ?? TestRecords.Valid())), Ct);
        return result.Backup!;
    }

    [Fact]
    public async Task Export_AvailableBackup_GivesTheStoredServiceAndARecordOfItsFields()
    {
        await using var host = await CoreTestHost.StartAsync();
        var backup = await ImportAsync(host, record: TestRecords.Valid() with { DisplayName = "café 😀", Metadata = new([KeyValuePair.Create("b", "2"), KeyValuePair.Create("a", "1")]) });

        var exported = await host.Get<ExportService>().ExportAsync(Contexts.Member(), backup.Id, Ct);

        Assert.Equal("cinder.backup.drivers.nfs.NFSBackupDriver", exported.Value.BackupService);
        var decoded = RecordDecoder.Decode(exported.Value.BackupUrl).Value.Record;
        Assert.Equal(backup.ToRecord() with { UpdatedAt = decoded.UpdatedAt }, decoded);
        Assert.Contains("\"display_name\": \"caf\\u00e9 \\ud83d\\ude00\"", RecordEncoder.ToJson(decoded), StringComparison.Ordinal);
        Assert.Contains("\"metadata\": {\"b\": \"2\", \"a\": \"1\"}", RecordEncoder.ToJson(decoded), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BackupStatus.Error)]
    [InlineData(BackupStatus.Creating)]
    [InlineData(BackupStatus.Restoring)]
    [InlineData(BackupStatus.Deleting)]
    [InlineData(BackupStatus.ErrorDeleting)]
    public async Task Export_BackupNotAvailable_IsRefusedWithItsStatus(string status)
    {
        await using var host = await CoreTestHost.StartAsync();
        var backup = await ImportAsync(host);
        await host.ExecuteAsync(async db => (await db.Backups.SingleAsync(Ct)).ChangeStatus(status, DateTime.UtcNow));

        var exported = await host.Get<ExportService>().ExportAsync(Contexts.Member(), backup.Id, Ct);

        Assert.Equal(ErrorCodes.ExportNotAvailable, exported.Error.Code);
        Assert.Contains($"'{status}'", exported.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_AnotherProjectsOrADeletedOrAMissingBackup_IsNotFoundAlike()
    {
        await using var host = await CoreTestHost.StartAsync();
        var other = await ImportAsync(host, "other-project");
        var deleted = await ImportAsync(host);
        await host.ExecuteAsync(async db => (await db.Backups.SingleAsync(b => b.Id == deleted.Id, Ct)).MarkDeleted(DateTime.UtcNow));
        var exporter = host.Get<ExportService>();

        var results = new[]
        {
            await exporter.ExportAsync(Contexts.Member(), other.Id, Ct),
            await exporter.ExportAsync(Contexts.Member(), deleted.Id, Ct),
            await exporter.ExportAsync(Contexts.Member(), Guid.NewGuid().ToString(), Ct),
        };

        Assert.All(results, r => Assert.Equal(ErrorCodes.BackupNotFound, r.Error.Code));
        Assert.Equal(results[0].Error.Message.Replace(other.Id, "ID", StringComparison.Ordinal), results[2].Error.Message.Replace(results[2].Error.Message.Split(' ')[1], "ID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_AsReader_IsForbidden_AndAsAdmin_AnyProjectIsAllowed()
    {
        await using var host = await CoreTestHost.StartAsync();
        var backup = await ImportAsync(host);

        var reader = await host.Get<ExportService>().ExportAsync(Contexts.Reader(), backup.Id, Ct);
        var admin = await host.Get<ExportService>().ExportAsync(Contexts.Admin(), backup.Id, Ct);

        Assert.Equal(ErrorCodes.ExportForbidden, reader.Error.Code);
        Assert.True(admin.IsSuccess);
    }

    [Fact]
    public async Task Export_AsMemberWhenExportIsAdminOnly_IsForbidden()
    {
        await using var host = await CoreTestHost.StartAsync(CoreTestHost.NfsService.Append(KeyValuePair.Create("Policy:AdminOnlyImportExport", (string?)"true")));
        var admin = Contexts.Admin();
        var backup = (await host.Get<ImportService>().ImportAsync(admin, new ImportRequest("", TestRecords.Url(TestRecords.Valid())) with { TargetProjectId = CinderVectors.ImporterProjectId }, Ct)).Backup!;

        var exported = await host.Get<ExportService>().ExportAsync(Contexts.Member(), backup.Id, Ct);

        Assert.Equal(ErrorCodes.ExportForbidden, exported.Error.Code);
    }

    [Fact]
    public async Task Export_EveryAttempt_IsAuditedWithTheHashOfTheRecord()
    {
        await using var host = await CoreTestHost.StartAsync();
        var backup = await ImportAsync(host);

        var exported = await host.Get<ExportService>().ExportAsync(Contexts.Member(), backup.Id, Ct);
        await host.Get<ExportService>().ExportAsync(Contexts.Reader(), backup.Id, Ct);

        var entries = await host.QueryAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.Export).OrderBy(e => e.Sequence).ToListAsync(Ct));
        Assert.Equal([AuditOutcomes.Exported, AuditOutcomes.Rejected], entries.Select(e => e.Outcome));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(exported.Value.BackupUrl))), entries[0].BackupUrlSha256);
        Assert.Null(entries[0].RawInput);
        Assert.Equal(ErrorCodes.ExportForbidden, entries[1].ErrorCode);
    }

    [Fact]
    public async Task ExportMany_StreamsTheAvailableBackupsOfAProjectOrOfAll()
    {
        await using var host = await CoreTestHost.StartAsync();
        for (var i = 0; i < 7; i++)
        {
            await ImportAsync(host, i % 2 == 0 ? "even" : "odd");
        }
        await host.ExecuteAsync(async db => (await db.Backups.FirstAsync(b => b.ProjectId == "even", Ct)).ChangeStatus(BackupStatus.Error, DateTime.UtcNow));
        var exporter = host.Get<ExportService>();
        var even = new List<ExportedRecord>();
        var all = new List<ExportedRecord>();

        var evenCount = await exporter.ExportManyAsync(Contexts.Admin(), "even", (r, _) => { even.Add(r); return ValueTask.CompletedTask; }, Ct);
        var allCount = await exporter.ExportManyAsync(Contexts.Admin(), null, (r, _) => { all.Add(r); return ValueTask.CompletedTask; }, Ct);
        var memberAll = await exporter.ExportManyAsync(Contexts.Member(), null, (_, _) => ValueTask.CompletedTask, Ct);

        Assert.Equal((3, 6), (evenCount.Value, allCount.Value));
        Assert.All(even, r => Assert.Equal("even", r.Record.ProjectId));
        // Oldest first, so parents precede their incremental children.
        Assert.Equal(all.OrderBy(r => r.Record.CreatedAt).ThenBy(r => r.Record.Id, StringComparer.Ordinal).Select(r => r.Record.Id), all.Select(r => r.Record.Id));
        Assert.Equal(ErrorCodes.ExportForbidden, memberAll.Error.Code);
        Assert.Equal(9, await host.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Outcome == AuditOutcomes.Exported, Ct)));
    }
}
