using System.Text.Json.Nodes;
using Portal.Core.Records;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Records;

/// <summary>Every public vector, decoded and re-encoded, against what real Cinder produced and the contract expects.</summary>
public sealed class VectorDecodeTests
{
    public static TheoryData<string> RecordErrorVectors => CinderVectors.Names(IsRecordError);

    public static TheoryData<string> DecodableVectors => CinderVectors.Names(v => !IsRecordError(v));

    /// <summary>Valid vectors whose keys are in Zed's order: Cinder Zed's encode_record wrote their backup_url.</summary>
    public static TheoryData<string> ZedOrderVectors => CinderVectors.Names(v =>
        !IsRecordError(v) && v.Decoded is { } decoded && decoded.Select(p => p.Key).SequenceEqual(RecordKeys.ExportOrder));

    private static bool IsRecordError(CinderVector vector) => vector.PortalCodes.Any(c => c.StartsWith("record.", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(RecordErrorVectors))]
    public void Decode_RecordErrorVector_FailsWithThePortalCode(string name)
    {
        var vector = CinderVectors.Named(name);

        var result = RecordDecoder.Decode(vector.BackupUrl);

        Assert.False(result.IsSuccess);
        Assert.Equal(vector.PortalCodes.Single(), result.Error.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
    }

    [Theory]
    [MemberData(nameof(DecodableVectors))]
    public void Decode_DecodableVector_GivesTheFieldsCinderDecoded(string name)
    {
        var vector = CinderVectors.Named(name);

        var result = RecordDecoder.Decode(vector.BackupUrl);

        Assert.True(result.IsSuccess, result.IsSuccess ? "" : result.Error.Message);
        var ours = (JsonObject)JsonNode.Parse(RecordEncoder.ToJson(result.Value.Record))!;
        foreach (var (key, cinderValue) in vector.Decoded!)
        {
            Assert.True(JsonNode.DeepEquals(Canonical(key, cinderValue), ours[key]), $"{key}: Cinder decoded {cinderValue?.ToJsonString()}, the portal {ours[key]?.ToJsonString()}");
        }
        Assert.Equal(vector.Decoded!.Select(p => p.Key), result.Value.Keys);
    }

    [Theory]
    [MemberData(nameof(ZedOrderVectors))]
    public void Encode_DecodedZedVector_IsByteIdenticalToCindersBackupUrl(string name)
    {
        var vector = CinderVectors.Named(name);
        var decoded = RecordDecoder.Decode(vector.BackupUrl).Value;

        var encoded = RecordEncoder.Encode(decoded.Record);

        Assert.Equal(string.Concat(vector.BackupUrl.Where(c => !char.IsWhiteSpace(c))), encoded);
    }

    [Fact]
    public void ZedOrderVectors_CoverTheSuccessfulZedExports()
    {
        // Guards the theory above against silently matching nothing.
        Assert.True(ZedOrderVectors.Count >= 10, $"only {ZedOrderVectors.Count} vectors in Zed key order");
    }

    /// <summary>A field absent from a record reads as its default; a null metadata or volume id never decodes.</summary>
    private static JsonNode? Canonical(string key, JsonNode? cinderValue) =>
        key is RecordKeys.CreatedAt or RecordKeys.UpdatedAt or RecordKeys.DeletedAt or RecordKeys.DataTimestamp && cinderValue is not null
            ? JsonValue.Create(((string)cinderValue!)[..19] + "Z")
            : cinderValue?.DeepClone();
}
