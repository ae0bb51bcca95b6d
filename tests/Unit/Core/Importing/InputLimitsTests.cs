using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Backups;
using Portal.Core.Common;
using Portal.Core.Exporting;
using Portal.Core.Importing;
using Portal.Core.Records;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Importing;

/// <summary>
/// One depth limit and one size limit per field for every reader of a record (issue 12): what one
/// door accepts, every other door reads back, and what is over a limit is a clear refusal.
/// </summary>
public sealed class InputLimitsTests
{
    private const string Nfs = "cinder.backup.drivers.nfs.NFSBackupDriver";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A valid record whose driver_info nests arrays so the record reaches <paramref name="depth"/> levels (the record is level 1).</summary>
    private static (string Id, string Url) NestedRecord(int depth)
    {
        var id = Guid.NewGuid().ToString();
        var json = RecordEncoder.ToJson(TestRecords.Valid(id));
        var nested = new string('[', depth - 1) + new string(']', depth - 1);
        Assert.Contains("\"driver_info\": {}", json, StringComparison.Ordinal);
        return (id, TestRecords.UrlOfJson(json.Replace("\"driver_info\": {}", "\"driver_info\": " + nested, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ARecordAtTheDepthLimit_Imports_ShowsAndExportsAndReimportsAsUnchanged()
    {
        await using var host = await CoreTestHost.StartAsync();
        var (id, url) = NestedRecord(RecordLimits.MaxDepth);

        var imported = await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest(Nfs, url), Ct);
        Assert.True(imported.Error is null, imported.Error?.Message);
        var details = await host.Get<BackupQueries>().GetDetailsAsync(Contexts.Member(), id, Ct);
        var exported = await host.Get<ExportService>().ExportAsync(Contexts.Member(), id, Ct);
        var again = await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest(Nfs, exported.Value.BackupUrl), Ct);

        Assert.Equal(AuditOutcomes.Imported, imported.Outcome);
        Assert.True(details.IsSuccess);
        Assert.True(RecordDecoder.Decode(exported.Value.BackupUrl).IsSuccess);
        Assert.Equal(AuditOutcomes.Unchanged, again.Outcome);
        var last = await host.QueryAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).LastAsync(Ct));
        Assert.Equal((AuditOutcomes.Unchanged, (string?)null, (byte[]?)null), (last.Outcome, last.ErrorCode, last.RawInput));
    }

    [Fact]
    public async Task ARecordOneLevelDeeper_IsRefusedAsNotJson_AndAudited()
    {
        await using var host = await CoreTestHost.StartAsync();
        var (_, url) = NestedRecord(RecordLimits.MaxDepth + 1);

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest(Nfs, url), Ct);

        Assert.Equal((AuditOutcomes.Rejected, ErrorCodes.NotJson), (result.Outcome, result.Error!.Code));
        Assert.Contains($"more than {RecordLimits.MaxDepth} levels", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await host.QueryAsync(db => db.Backups.CountAsync(Ct)));
        Assert.Equal(url, (await host.QueryAsync(db => db.AuditEntries.SingleAsync(Ct))).RawInputText());
    }

    [Theory]
    [InlineData(256, "")]
    [InlineData(10_000_000, "")]
    [InlineData(3, "\u0000")]
    [InlineData(3, "\n")]
    public async Task ABackupServiceOverItsLimit_OrWithControlCharacters_IsAnInvalidField_StoredOnce(int length, string suffix)
    {
        await using var host = await CoreTestHost.StartAsync();
        var service = new string('s', length) + suffix;

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest(service, TestRecords.Url(TestRecords.Valid())), Ct);

        Assert.Equal(ErrorCodes.InvalidField, result.Error!.Code);
        Assert.Contains(result.Error.Fields!, f => f.Field == "backup_service");
        Assert.True(result.Error.Message.Length < 1000, "the message does not echo the whole service name");
        var entry = await host.QueryAsync(db => db.AuditEntries.SingleAsync(Ct));
        Assert.True(entry.BackupService!.Length <= RecordLimits.MaxBackupService + 1);
    }
}
