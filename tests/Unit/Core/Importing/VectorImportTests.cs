using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Exporting;
using Portal.Core.Importing;
using Portal.Core.Records;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Importing;

/// <summary>
/// Every public vector through the whole import, set up as its <c>portal.setup</c> says, as a
/// member of the importer's project at the vectors' import time.
/// </summary>
public sealed class VectorImportTests
{
    public static TheoryData<string> AllVectors => CinderVectors.Names();

    public static TheoryData<string> OkVectors => CinderVectors.Names(v => v.PortalExpectsOk);

    public static TheoryData<string> RejectedVectors => CinderVectors.Names(v => !v.PortalExpectsOk);

    [Theory]
    [MemberData(nameof(AllVectors))]
    public async Task Import_Vector_HasThePortalOutcome(string name)
    {
        var vector = CinderVectors.Named(name);
        await using var host = await CoreTestHost.StartForVectorAsync(vector);

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest(vector.BackupService, vector.BackupUrl), TestContext.Current.CancellationToken);

        Assert.Equal(vector.PortalExpectsOk, result.Succeeded);
        Assert.Equal(vector.PortalCodes, result.Error is null ? [] : [result.Error.Code]);
        var audit = await host.QueryAsync(db => db.AuditEntries.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(result.Outcome, audit.Outcome);
        Assert.Equal(result.Error?.Code, audit.ErrorCode);
        Assert.Equal(vector.PortalExpectsOk ? null : vector.BackupUrl, audit.RawInputText());
    }

    [Theory]
    [MemberData(nameof(OkVectors))]
    public async Task Import_OkVector_ReexportsTheFieldsCinderEndsWith(string name)
    {
        var vector = CinderVectors.Named(name);
        await using var host = await CoreTestHost.StartForVectorAsync(vector);
        var imported = await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest(vector.BackupService, vector.BackupUrl), TestContext.Current.CancellationToken);

        var exported = await host.Get<ExportService>().ExportAsync(Contexts.Member(), imported.Backup!.Id, TestContext.Current.CancellationToken);

        Assert.True(exported.IsSuccess);
        Assert.Equal(vector.Preexisting is null ? AuditOutcomes.Imported : AuditOutcomes.Revived, imported.Outcome);
        var fields = (JsonObject)JsonNode.Parse(RecordEncoder.ToJson(RecordDecoder.Decode(exported.Value.BackupUrl).Value.Record))!;
        foreach (var (key, cinderValue) in vector.FinalRecord!.Where(p => p.Key != "__db_deleted"))
        {
            Assert.True(JsonNode.DeepEquals(cinderValue, fields[key]), $"{key}: Cinder ends with {cinderValue?.ToJsonString()}, the portal exports {fields[key]?.ToJsonString()}");
        }
        // Contract §2: driver_info is kept for re-export (Cinder's own drivers drop it to {}).
        Assert.True(JsonNode.DeepEquals(vector.Decoded!["driver_info"] ?? new JsonObject(), fields["driver_info"]));
        Assert.Equal(vector.FinalRecord!["service"]!.GetValue<string>(), exported.Value.BackupService);
    }

    [Theory]
    [MemberData(nameof(RejectedVectors))]
    public async Task Import_RejectedVector_WritesNothingButItsAuditEntry(string name)
    {
        var vector = CinderVectors.Named(name);
        await using var host = await CoreTestHost.StartForVectorAsync(vector);
        var before = await host.QueryAsync(db => db.Backups.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));

        await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest(vector.BackupService, vector.BackupUrl), TestContext.Current.CancellationToken);

        var after = await host.QueryAsync(db => db.Backups.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(before.Select(b => RecordEncoder.ToJson(b.ToRecord())), after.Select(b => RecordEncoder.ToJson(b.ToRecord())));
    }
}
