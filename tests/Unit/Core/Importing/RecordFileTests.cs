using System.Text;
using System.Text.Json.Nodes;
using Portal.Core.Common;
using Portal.Core.Importing;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Importing;

/// <summary>Every file shape an operator may hold records in (issue 4).</summary>
public sealed class RecordFileTests
{
    private static readonly (string Service, string Url)[] _records =
    [
        ("cinder.backup.drivers.nfs", "eyJhIjogMX0="),
        ("", "eyJiIjogMn0="),
        ("cinder.backup.drivers.swift.SwiftBackupDriver", "eyJjIjogM30="),
    ];

    private static string Object((string Service, string Url) r) => new JsonObject { ["backup_service"] = r.Service, ["backup_url"] = r.Url }.ToJsonString();

    private static async Task<List<RecordFileLine>> ReadAsync(string text)
    {
        var lines = new List<RecordFileLine>();
        await foreach (var line in RecordFile.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), TestContext.Current.CancellationToken))
        {
            lines.Add(line);
        }
        return lines;
    }

    public static TheoryData<string, string> Shapes => new()
    {
        { "json lines", string.Join('\n', _records.Select(Object)) + "\n" },
        { "json lines, CRLF and blank lines", "\r\n" + string.Join("\r\n\r\n", _records.Select(Object)) },
        { "json array", "[\n" + string.Join(",\n", _records.Select(Object)) + "\n]" },
        { "REST bodies", string.Join('\n', _records.Select(r => $"{{\"backup-record\": {Object(r)}}}")) },
        { "array of REST bodies", "[" + string.Join(",", _records.Select(r => $"{{\"backup-record\": {Object(r)}}}")) + "]" },
        { "CSV", "backup_service,backup_url\n" + string.Join('\n', _records.Select(r => $"{r.Service},{r.Url}")) },
        { "CSV, quoted, columns swapped", "\"backup_url\",\"backup_service\"\r\n" + string.Join("\r\n", _records.Select(r => $"\"{r.Url}\",\"{r.Service}\"")) },
        { "UTF-8 BOM", "\uFEFF" + string.Join('\n', _records.Select(Object)) },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task ReadAsync_EveryShape_GivesTheSameRecordsInOrder(string shape, string text)
    {
        var lines = await ReadAsync(text);

        Assert.True(lines.All(l => l.Error is null), shape);
        Assert.Equal(_records, lines.Select(l => (l.Request!.BackupService, l.Request.BackupUrl)));
    }

    [Fact]
    public async Task ReadAsync_OpenstackClientJsonOutput_IsOneRecord()
    {
        var printed = "{\n  \"backup_service\": \"cinder.backup.drivers.nfs\",\n  \"backup_url\": \"eyJhIjogMX0=\"\n}\n";

        var lines = await ReadAsync(printed);

        Assert.Equal(("cinder.backup.drivers.nfs", "eyJhIjogMX0="), (lines.Single().Request!.BackupService, lines.Single().Request!.BackupUrl));
    }

    [Fact]
    public async Task ReadAsync_LinesThatAreNotRecords_AreReportedWithTheirLineNumbers()
    {
        var text = Object(_records[0]) + "\n{\"backup_url\": 5}\nnot json\n" + Object(_records[1]);

        var lines = await ReadAsync(text);

        Assert.Equal([1, 2, 3, 4], lines.Select(l => l.LineNumber));
        Assert.Equal([null, ErrorCodes.NotJson, ErrorCodes.NotJson, null], lines.Select(l => l.Error?.Code));
        Assert.Contains("Line 2", lines[1].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_CsvWithoutABackupUrlColumn_SaysWhatItExpects()
    {
        var lines = await ReadAsync("service,url\na,b\n");

        Assert.Contains("backup_url", lines.Single().Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_PublicVectorsAsJsonLines_AreReadUnchanged()
    {
        var text = string.Join('\n', CinderVectors.All.Select(v => Object((v.BackupService, v.BackupUrl))));

        var lines = await ReadAsync(text);

        Assert.Equal(CinderVectors.All.Select(v => v.BackupUrl), lines.Select(l => l.Request!.BackupUrl));
    }
}
