using System.Text;
using CsCheck;
using Portal.Core.Backups;
using Portal.Core.BackupServices;
using Portal.Core.Records;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Records;

/// <summary>Properties over generated input: valid records round-trip, and no input makes the decoder throw.</summary>
public sealed class RecordPropertyTests
{
    /// <summary>
    /// Any Unicode scalar a valid record may hold: control characters, non-ASCII and astral-plane
    /// text included; not U+0000, which no backup field keeps (a record holding it is refused).
    /// </summary>
    private static readonly Gen<string> _anyCharacter = Gen.Int[1, 0x10FFFF].Where(cp => cp is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32);

    private static readonly Gen<string> _asciiCharacter = Gen.Char[' ', '~'].Select(c => c.ToString());

    private static Gen<string> Text(int maxCodePoints) =>
        Gen.OneOf(_anyCharacter, _asciiCharacter, _asciiCharacter).Array[0, maxCodePoints].Select(string.Concat);

    private static Gen<string?> NullableText(int maxCodePoints) =>
        Gen.OneOf(Gen.Const((string?)null), Text(maxCodePoints).Select(s => (string?)s));

    private static readonly Gen<DateTime?> _timestamp = Gen.OneOf(
        Gen.Const((DateTime?)null),
        Gen.Long[new DateTime(1000, 1, 1).Ticks, new DateTime(9999, 12, 31).Ticks]
            .Select(t => (DateTime?)new DateTime(t - (t % TimeSpan.TicksPerSecond), DateTimeKind.Utc)));

    private static readonly Gen<BackupMetadata> _metadata = Gen.Select(Text(30), Text(60)).Array[0, 6]
        .Select(pairs => new BackupMetadata(pairs.DistinctBy(p => p.Item1).Select(p => KeyValuePair.Create(p.Item1, p.Item2))));

    private static readonly Gen<string> _driverInfo = Gen.OneOf(
        Gen.Const("{}"),
        Gen.Select(Text(10), Gen.Long, Text(20)).Select((key, number, text) =>
        {
            var json = new StringBuilder("{");
            PythonJson.WriteString(json, "k" + key);
            json.Append(": ").Append(number).Append(", \"text\": ");
            PythonJson.WriteString(json, text);
            return json.Append('}').ToString();
        }));

    /// <summary>Valid records as an export writes them: every field set, strings within Cinder's columns (UTF-16 units).</summary>
    private static readonly Gen<BackupRecord> _record = Gen.Select(
        Gen.Guid,
        NullableText(120).Array[12],
        NullableText(18).Array[7],
        Gen.Int[0, int.MaxValue].Array[3],
        _timestamp.Array[4],
        _metadata,
        _driverInfo,
        Gen.Bool)
        .Select((id, texts, shortTexts, ints, times, metadata, driverInfo, deleted) => new BackupRecord
        {
            Id = id.ToString(),
            UserId = texts[0],
            ProjectId = texts[1],
            VolumeId = shortTexts[0] ?? "",
            Host = texts[2],
            AvailabilityZone = texts[3],
            Container = texts[4],
            ParentId = shortTexts[1],
            Status = texts[5],
            FailReason = texts[6],
            Size = ints[0],
            DisplayName = texts[7],
            DisplayDescription = texts[8],
            ServiceMetadata = texts[9],
            Service = texts[10],
            ObjectCount = ints[1],
            TempVolumeId = shortTexts[2],
            TempSnapshotId = shortTexts[3],
            NumDependentBackups = ints[2],
            SnapshotId = shortTexts[4],
            DataTimestamp = times[0],
            RestoreVolumeId = shortTexts[5],
            Metadata = metadata,
            EncryptionKeyId = shortTexts[6],
            CreatedAt = times[1],
            UpdatedAt = times[2],
            DeletedAt = times[3],
            Deleted = deleted,
            DriverInfoJson = driverInfo,
        });

    private static readonly BackupServiceDefinition _service = new() { Driver = "cinder.backup.drivers.nfs.NFSBackupDriver", Host = "h" };

    [Fact]
    public void EncodeThenDecode_AnyValidRecord_GivesTheSameFields() =>
        _record.Sample(record =>
        {
            var url = RecordEncoder.Encode(record);
            var decoded = RecordDecoder.Decode(url);

            Assert.True(decoded.IsSuccess, decoded.IsSuccess ? "" : decoded.Error.Message);
            Assert.Equal(record, decoded.Value.Record);
            Assert.Equal(RecordKeys.ExportOrder, decoded.Value.Keys);
            Assert.Equal(url, RecordEncoder.Encode(decoded.Value.Record));
        }, iter: 3000);

    [Fact]
    public void Encode_AnyValidRecord_IsPureAsciiJson() =>
        _record.Sample(record => Assert.All(RecordEncoder.ToJson(record), c => Assert.InRange(c, ' ', '~')), iter: 1000);

    [Fact]
    public void Decode_ArbitraryText_NeverThrows() =>
        Gen.String.Sample(text => RecordDecoder.Decode(text), iter: 5000);

    [Fact]
    public void Decode_Base64OfArbitraryBytes_NeverThrows() =>
        Gen.Byte.Array[0, 400].Sample(bytes => RecordDecoder.Decode(Convert.ToBase64String(bytes)), iter: 5000);

    [Fact]
    public void Decode_ValidRecordWithOneCharacterChanged_NeverThrowsAndWhatImportsExportsStably()
    {
        var json = RecordEncoder.ToJson(TestRecords.Valid() with { Metadata = new BackupMetadata([KeyValuePair.Create("k", "v")]), DriverInfoJson = "{\"a\": [1, 2.5, null]}" });
        Gen.Select(Gen.Int[0, json.Length - 1], Gen.Char['\0', '\u00ff']).Sample((position, replacement) =>
        {
            var mutated = json[..position] + replacement + json[(position + 1)..];

            var result = RecordDecoder.Decode(TestRecords.UrlOfJson(mutated));

            if (result.IsSuccess)
            {
                var stored = Backup.Import(result.Value.Record, new BackupOwner("user", "project"), _service, DateTime.UnixEpoch).ToRecord();
                var exported = RecordEncoder.Encode(stored);
                var reread = RecordDecoder.Decode(exported);
                Assert.True(reread.IsSuccess, reread.IsSuccess ? "" : reread.Error.Message);
                Assert.Equal(exported, RecordEncoder.Encode(reread.Value.Record));
            }
        }, iter: 5000);
    }
}
