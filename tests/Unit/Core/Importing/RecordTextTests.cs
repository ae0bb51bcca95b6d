using Portal.Core.Common;
using Portal.Core.Importing;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Importing;

/// <summary>
/// The record box reads the shapes people paste (issue 15). The texts are laid out as the CLIs'
/// formatters lay them out (cinderclient's prettytable, cliff's table, json, yaml, shell and value);
/// the E2E wizard test pastes what the real CLIs print.
/// </summary>
public sealed class RecordTextTests
{
    private static readonly CinderVector Vector = CinderVectors.Named("zed_full_nfs");
    private static readonly string Service = Vector.BackupService;
    private static readonly string Url = Vector.BackupUrl;

    private static string Table(string keyHeader, string serviceKey, string urlKey)
    {
        var keyWidth = Math.Max(keyHeader.Length, Math.Max(serviceKey.Length, urlKey.Length));
        var valueWidth = Url.Length;
        var rule = $"+{new string('-', keyWidth + 2)}+{new string('-', valueWidth + 2)}+";
        string Row(string key, string value) => $"| {key.PadRight(keyWidth)} | {value.PadRight(valueWidth)} |";
        return string.Join('\n', rule, Row(keyHeader, "Value"), rule, Row(serviceKey, Service), Row(urlKey, Url), rule) + "\n";
    }

    public static TheoryData<string, string, RecordShape> Shapes() => new()
    {
        { "bare url", Url, RecordShape.BackupUrl },
        { "bare url wrapped at 76", string.Join("\r\n", Url.Chunk(76).Select(c => new string(c))), RecordShape.BackupUrl },
        { "cinder backup-export", Table("Property", "backup_service", "backup_url"), RecordShape.CinderTable },
        { "openstack table", Table("Field", "Backup Service", "Metadata"), RecordShape.OpenStackTable },
        { "openstack -f json", $"{{\n  \"backup_service\": \"{Service}\",\n  \"backup_url\": \"{Url}\"\n}}\n", RecordShape.Json },
        { "JSON line", $"{{\"backup_service\": \"{Service}\", \"backup_url\": \"{Url}\"}}", RecordShape.Json },
        { "REST body", $"{{\"backup-record\": {{\"backup_service\": \"{Service}\", \"backup_url\": \"{Url}\"}}}}", RecordShape.RestBody },
        { "a one-record array", $"[{{\"backup_service\": \"{Service}\", \"backup_url\": \"{Url}\"}}]", RecordShape.Json },
        { "openstack -f yaml", $"backup_service: {Service}\nbackup_url: {Url}\n", RecordShape.Yaml },
        { "openstack -f shell", $"backup_service=\"{Service}\"\nbackup_url=\"{Url}\"\n", RecordShape.Shell },
        { "openstack -f shell --prefix os_", $"os_backup_service=\"{Service}\"\nos_backup_url=\"{Url}\"\n", RecordShape.Shell },
        { "openstack -f value", $"{Service}\n{Url}\n", RecordShape.Value },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Read_EachShapePeoplePaste_FindsServiceAndUrl(string shapeName, string text, RecordShape shape)
    {
        var read = RecordText.Read(text);

        Assert.True(read.IsSuccess, $"{shapeName}: {(read.IsSuccess ? "" : read.Error.Message)}");
        Assert.Equal(shape, read.Value.Shape);
        Assert.Equal(Url, read.Value.BackupUrl);
        Assert.Equal(shape == RecordShape.BackupUrl ? null : Service, read.Value.BackupService);
    }

    [Fact]
    public void Read_ATableATerminalWrapped_JoinsTheUrlAgain()
    {
        var table = Table("Property", "backup_service", "backup_url");
        // A terminal 80 columns wide breaks each long line into pieces of 80.
        var wrapped = string.Join('\n', table.Split('\n').SelectMany(line => line.Chunk(80).Select(c => new string(c))));

        var read = RecordText.Read(wrapped);

        Assert.Equal((RecordShape.CinderTable, Service, Url), (read.Value.Shape, read.Value.BackupService, read.Value.BackupUrl));
    }

    [Theory]
    [InlineData("backup_service: ''\nbackup_url: eyJ9", "")]
    [InlineData("backup_service: null\nbackup_url: eyJ9", "")]
    [InlineData("backup_service: 'it''s'\nbackup_url: 'eyJ9'", "it's")]
    public void Read_YamlQuotingAndNull_AreUndone(string text, string service)
    {
        var read = RecordText.Read(text);

        Assert.Equal((RecordShape.Yaml, service, "eyJ9"), (read.Value.Shape, read.Value.BackupService, read.Value.BackupUrl));
    }

    [Fact]
    public void Read_AnEmptyServiceInACinderTable_IsEmpty()
    {
        var read = RecordText.Read($"| backup_service |  |\n| backup_url | {Url} |");

        Assert.Equal(("", Url), (read.Value.BackupService, read.Value.BackupUrl));
    }

    [Fact]
    public void Read_SeveralRecords_SaysTheWizardTakesOneAndWhereTheRestGo()
    {
        var lines = $"{{\"backup_service\": \"s\", \"backup_url\": \"{Url}\"}}\n{{\"backup_service\": \"s\", \"backup_url\": \"{Url}\"}}\n";

        var read = RecordText.Read(lines);

        Assert.Equal(ErrorCodes.NotJson, read.Error.Code);
        Assert.Contains("holds 2 records", read.Error.Message, StringComparison.Ordinal);
        Assert.Contains("Bulk import", read.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", ErrorCodes.NotBase64, "empty")]
    [InlineData("{\"backup_service\": \"s\"", ErrorCodes.NotJson, "looks like JSON")]
    [InlineData("{\"service\": \"s\", \"url\": \"eyJ9\"}", ErrorCodes.NotJson, "no string \"backup_url\"")]
    [InlineData("| Field | Value |\n| name | x |", ErrorCodes.NotBase64, "no backup_url (cinder) or Metadata (openstack) row")]
    [InlineData("this is a sentence, not a record", ErrorCodes.NotBase64, "Paste the whole output")]
    public void Read_WhatIsNoRecord_SaysWhatItAccepts(string text, string code, string hint)
    {
        var read = RecordText.Read(text);

        Assert.Equal(code, read.Error.Code);
        Assert.Contains(hint, read.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OneWordThatIsNotBase64_IsLeftToTheDecoderWhichSaysWhere()
    {
        var read = RecordText.Read("eyJ!broken");

        Assert.Equal((RecordShape.BackupUrl, "eyJ!broken"), (read.Value.Shape, read.Value.BackupUrl));
    }
}
