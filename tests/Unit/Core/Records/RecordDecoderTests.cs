using Portal.Core.Common;
using Portal.Core.Records;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Records;

/// <summary>Contract §2, row by row.</summary>
public sealed class RecordDecoderTests
{
    private static readonly string _validJson = RecordEncoder.ToJson(TestRecords.Valid("3f0b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"));

    [Fact]
    public void Decode_MimeWrappedBase64_IsAccepted()
    {
        var url = TestRecords.UrlOfJson(_validJson);
        var wrapped = string.Join("\r\n", url.Chunk(76).Select(c => new string(c))) + "\n";

        var result = RecordDecoder.Decode("  " + wrapped);

        Assert.True(result.IsSuccess);
        Assert.Equal("3f0b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", result.Value.Record.Id);
    }

    [Theory]
    [InlineData("-", "URL-safe")]
    [InlineData("_", "URL-safe")]
    [InlineData("!", "position")]
    [InlineData("é", "U+00E9")]
    public void Decode_CharacterOutsideTheAlphabet_IsNotBase64(string bad, string explained)
    {
        var url = TestRecords.UrlOfJson(_validJson);

        var result = RecordDecoder.Decode(url[..8] + bad + url[8..]);

        Assert.Equal(ErrorCodes.NotBase64, result.Error.Code);
        Assert.Contains(explained, result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Decode_EmptyText_IsNotBase64(string url) => Assert.Equal(ErrorCodes.NotBase64, RecordDecoder.Decode(url).Error.Code);

    [Fact]
    public void Decode_MissingPadding_IsNotBase64()
    {
        var url = TestRecords.UrlOfJson(_validJson + " ");   // 1 or 2 '=' of padding
        Assert.EndsWith("=", url, StringComparison.Ordinal);

        Assert.Equal(ErrorCodes.NotBase64, RecordDecoder.Decode(url.TrimEnd('=')).Error.Code);
    }

    [Theory]
    [InlineData("AAAA!!xyz")]
    [InlineData("eyJ9")]
    [InlineData("==")]
    public void Decode_TextAfterTheFinalPadding_IsNotBase64(string tail)
    {
        var url = TestRecords.UrlOfJson(_validJson + " ");

        Assert.Equal(ErrorCodes.NotBase64, RecordDecoder.Decode(url + tail).Error.Code);
    }

    [Fact]
    public void Decode_UnusedLowBitsSet_AreIgnoredAsPythonDoes()
    {
        // "e30=" is "{}"; "e31=" differs only in bits the decoder drops, so both reach the JSON stage.
        Assert.Equal(ErrorCodes.MissingId, RecordDecoder.Decode("e30=").Error.Code);
        Assert.Equal(ErrorCodes.MissingId, RecordDecoder.Decode("e31=").Error.Code);
    }

    [Fact]
    public void Decode_OverOneMebibyte_IsTooLarge()
    {
        var result = RecordDecoder.Decode(new string('A', RecordLimits.MaxBackupUrlLength + 4));

        Assert.Equal(ErrorCodes.TooLarge, result.Error.Code);
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', 0xE9, (byte)'"', (byte)':', (byte)'1', (byte)'}' })]
    [InlineData(new byte[] { 0xD7, 0x6D, 0xF8 })]
    public void Decode_BytesThatAreNotUtf8JsonText_AreNotJson(byte[] bytes) =>
        Assert.Equal(ErrorCodes.NotJson, RecordDecoder.Decode(Convert.ToBase64String(bytes)).Error.Code);

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"id\": NaN}")]
    [InlineData("{\"id\": Infinity}")]
    [InlineData("{'id': 1}")]
    [InlineData("{\"id\": 1,}")]
    [InlineData("{\"a\": 1} // comment")]
    [InlineData("{\"size\": 1e400}")]
    [InlineData("{\"display_name\": \"\\ud83d\"}")]
    public void Decode_TextThatIsNotJsonPythonKeeps_IsNotJson(string json) =>
        Assert.Equal(ErrorCodes.NotJson, RecordDecoder.Decode(TestRecords.UrlOfJson(json)).Error.Code);

    [Theory]
    [InlineData("[\"id\"]", "array")]
    [InlineData("42", "number")]
    [InlineData("\"id\"", "string")]
    [InlineData("null", "null")]
    public void Decode_JsonThatIsNotAnObject_IsNotObject(string json, string kind)
    {
        var result = RecordDecoder.Decode(TestRecords.UrlOfJson(json));

        Assert.Equal(ErrorCodes.NotObject, result.Error.Code);
        Assert.Contains(kind, result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"size\": 10, ", "size")]
    [InlineData("\"metadata\": {\"a\": \"1\", \"a\": \"2\"}, ", "metadata.a")]
    [InlineData("\"driver_info\": [{\"x\": 1, \"\\u0078\": 2}], ", "driver_info[0].x")]
    [InlineData("\"\\u0073ize\": 10, ", "size")]
    public void Decode_SameKeyTwiceInAnObject_IsDuplicateKey(string extra, string path)
    {
        var json = "{" + extra + _validJson[1..];

        var result = RecordDecoder.Decode(TestRecords.UrlOfJson(json));

        Assert.Equal(ErrorCodes.DuplicateKey, result.Error.Code);
        Assert.Contains($"'{path}'", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_KeysWrittenWithEscapes_ReadAsThePlainKeys()
    {
        var escaped = _validJson.Replace("\"size\"", "\"\\u0073ize\"", StringComparison.Ordinal).Replace("\"id\"", "\"i\\u0064\"", StringComparison.Ordinal);

        var plain = RecordDecoder.Decode(TestRecords.UrlOfJson(_validJson)).Value;
        var decoded = RecordDecoder.Decode(TestRecords.UrlOfJson(escaped)).Value;

        Assert.NotEqual(_validJson, escaped);
        Assert.Equal(plain.Keys, decoded.Keys);
        Assert.Equal(RecordEncoder.ToJson(plain.Record), RecordEncoder.ToJson(decoded.Record));
    }

    [Fact]
    public void Decode_NoId_IsMissingId() =>
        Assert.Equal(ErrorCodes.MissingId, RecordDecoder.Decode(TestRecords.UrlOfJson(Without(_validJson, "id"))).Error.Code);

    [Fact]
    public void Decode_RequiredFieldsAbsent_ListsThemInTheContractOrder()
    {
        var json = Without(Without(Without(_validJson, "object_count"), "container"), "display_name");

        var result = RecordDecoder.Decode(TestRecords.UrlOfJson(json));

        Assert.Equal(ErrorCodes.MissingFields, result.Error.Code);
        Assert.Contains("display_name, container, object_count", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(["display_name", "container", "object_count"], result.Error.Fields.Select(f => f.Field));
    }

    [Theory]
    [InlineData("id", "\"not-a-uuid\"")]
    [InlineData("id", "12345")]
    [InlineData("id", "null")]
    [InlineData("size", "\"10\"")]
    [InlineData("size", "1.5")]
    [InlineData("size", "-1")]
    [InlineData("size", "2147483648")]
    [InlineData("size", "null")]
    [InlineData("size", "true")]
    [InlineData("object_count", "{}")]
    [InlineData("num_dependent_backups", "-3")]
    [InlineData("display_name", "7")]
    [InlineData("display_description", "[]")]
    [InlineData("container", "false")]
    [InlineData("volume_id", "null")]
    [InlineData("parent_id", "\"0123456789012345678901234567890123456\"")]
    [InlineData("created_at", "\"yesterday\"")]
    [InlineData("created_at", "\"2024-02-30T00:00:00Z\"")]
    [InlineData("data_timestamp", "1709294400")]
    [InlineData("metadata", "null")]
    [InlineData("metadata", "[]")]
    [InlineData("metadata", "{\"k\": null}")]
    [InlineData("metadata", "{\"k\": 1}")]
    [InlineData("deleted", "null")]
    [InlineData("deleted", "\"false\"")]
    public void Decode_FieldOfTheWrongTypeOrRange_IsInvalidFieldNamingIt(string key, string value)
    {
        var result = RecordDecoder.Decode(TestRecords.UrlOfJson(With(_validJson, key, value)));

        Assert.Equal(ErrorCodes.InvalidField, result.Error.Code);
        Assert.StartsWith(key, result.Error.Fields.Single().Field, StringComparison.Ordinal);
        Assert.Contains(key, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_StringLongerThanCindersColumn_IsInvalidField()
    {
        var atLimit = RecordDecoder.Decode(TestRecords.UrlOfJson(With(_validJson, "display_name", $"\"{new string('x', 255)}\"")));
        var overLimit = RecordDecoder.Decode(TestRecords.UrlOfJson(With(_validJson, "display_name", $"\"{new string('x', 256)}\"")));

        Assert.True(atLimit.IsSuccess);
        Assert.Equal(ErrorCodes.InvalidField, overLimit.Error.Code);
    }

    [Fact]
    public void Decode_SeveralInvalidFields_NamesEveryOne()
    {
        var json = With(With(_validJson, "size", "\"ten\""), "created_at", "\"soon\"");

        var result = RecordDecoder.Decode(TestRecords.UrlOfJson(json));

        Assert.Equal(["size", "created_at"], result.Error.Fields.Select(f => f.Field));
    }

    [Theory]
    [InlineData("\"2023-11-05 01:02:03\"", "2023-11-05T01:02:03")]
    [InlineData("\"2023-11-05T01:02:03\"", "2023-11-05T01:02:03")]
    [InlineData("\"2023-11-05T03:02:03+02:00\"", "2023-11-05T01:02:03")]
    [InlineData("\"2023-11-04T20:32:03.999999-04:30\"", "2023-11-05T01:02:03.999999")]
    [InlineData("\"2023-11-05T01:02:03.123456Z\"", "2023-11-05T01:02:03.123456")]
    public void Decode_Iso8601Variants_AreStoredAsUtc(string value, string expectedUtc)
    {
        var result = RecordDecoder.Decode(TestRecords.UrlOfJson(With(_validJson, "created_at", value)));

        Assert.Equal(DateTime.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), result.Value.Record.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, result.Value.Record.CreatedAt!.Value.Kind);
    }

    [Fact]
    public void Decode_UpperCaseUuid_IsAccepted()
    {
        var result = RecordDecoder.Decode(TestRecords.UrlOfJson(With(_validJson, "id", "\"3F0B1C2D-4E5F-4A6B-8C7D-9E0F1A2B3C4D\"")));

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public void Decode_UnknownKeys_AreIgnoredWithAWarning()
    {
        var json = "{\"is_incremental\": false, \"future_field\": {\"x\": 1}, " + _validJson[1..];

        var result = RecordDecoder.Decode(TestRecords.UrlOfJson(json));

        Assert.True(result.IsSuccess);
        Assert.Equal(2, result.Value.Warnings.Count);
        Assert.Contains(result.Value.Warnings, w => w.Contains("'is_incremental'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[1, 2.50, {\"a\": \"\\u00e9\"}]", "[1, 2.5, {\"a\": \"\\u00e9\"}]")]
    [InlineData("\"text\"", "\"text\"")]
    [InlineData("null", "null")]
    [InlineData("{\"big\": 123456789012345678901234567890, \"neg\": -0, \"exp\": 1E5}", "{\"big\": 123456789012345678901234567890, \"neg\": 0, \"exp\": 100000.0}")]
    public void Decode_DriverInfoOfAnyJsonType_IsKeptAsPythonWritesIt(string driverInfo, string expected)
    {
        var result = RecordDecoder.Decode(TestRecords.UrlOfJson(With(_validJson, "driver_info", driverInfo)));

        Assert.Equal(expected, result.Value.Record.DriverInfoJson);
        Assert.StartsWith("{\"driver_info\": " + expected + ", \"id\"", RecordEncoder.ToJson(result.Value.Record), StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_AbsentOptionalFields_TakeCindersDefaults()
    {
        var json = Without(Without(Without(_validJson, "metadata"), "volume_id"), "num_dependent_backups");

        var record = RecordDecoder.Decode(TestRecords.UrlOfJson(json)).Value.Record;

        Assert.Null(record.Metadata);
        Assert.Null(record.VolumeId);
        Assert.Equal(0, record.NumDependentBackups);
    }

    [Fact]
    public void Decode_NestedTooDeep_IsNotJsonInsteadOfAnException()
    {
        var json = "{\"driver_info\": " + new string('[', 5000) + new string(']', 5000) + ", " + _validJson[1..];

        Assert.Equal(ErrorCodes.NotJson, RecordDecoder.Decode(TestRecords.UrlOfJson(json)).Error.Code);
    }

    private static string Without(string json, string key)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove(key);
        return node.ToJsonString();
    }

    private static string With(string json, string key, string valueJson)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node[key] = System.Text.Json.Nodes.JsonNode.Parse(valueJson);
        return node.ToJsonString();
    }
}
