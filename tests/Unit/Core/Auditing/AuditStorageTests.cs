using System.Text;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Core.Auditing;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Exporting;
using Portal.Core.Importing;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Auditing;

/// <summary>
/// What the audit log keeps is what it hashed, on every engine: raw input byte for byte (U+0000
/// included), and descriptive fields in a form every engine stores unchanged (issue 12).
/// </summary>
public sealed class AuditStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(600)]
    [InlineData(10)]
    [InlineData(RecordLimitsMax)]
    public async Task RejectedRawInput_WithNul_IsKeptExactlyAndTheChainHolds(int length)
    {
        await using var host = await CoreTestHost.StartAsync();
        var raw = new string('A', length - 1) + "\0";

        var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest("", raw), Ct);

        var entry = await host.QueryAsync(db => db.AuditEntries.SingleAsync(Ct));
        Assert.Equal(AuditOutcomes.Rejected, result.Outcome);
        Assert.Equal(raw, entry.RawInputText());
        Assert.True((await host.Get<AuditLog>().VerifyAsync(Ct)).IsIntact);
    }

    private const int RecordLimitsMax = Portal.Core.Records.RecordLimits.MaxBackupUrlLength;

    [Fact]
    public async Task RejectedRawInput_OfAnyCodePoints_ComesBackExactly()
    {
        await using var host = await CoreTestHost.StartAsync();
        // Every Unicode scalar value: control characters, U+0000, astral characters and the rest.
        var scalars = Gen.Int[0, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(c => new Rune(c).ToString());
        var texts = Gen.OneOf(scalars, Gen.Char['\0', '\u001f'].Select(c => c.ToString())).Array[1, 40].Select(parts => string.Concat(parts));

        var inputs = texts.Array[25].Single();
        foreach (var input in inputs)
        {
            await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest("", input), Ct);
        }

        var kept = await host.QueryAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync(Ct));
        Assert.Equal(inputs, kept.Select(e => e.RawInputText()));
        Assert.True((await host.Get<AuditLog>().VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task DescriptiveFields_ThatNoEngineKeeps_AreStoredCleanAndShortAndTheChainHolds()
    {
        await using var host = await CoreTestHost.StartAsync();
        var actor = Contexts.Member() with { DisplayName = "eve\0\ud800" + new string('e', 300), ClientAddress = "10.0.0.1\0" };
        var hugeId = "x\0" + new string('9', 10_000);

        var refused = await host.Get<ExportService>().ExportAsync(actor, hugeId, Ct);

        var entry = await host.QueryAsync(db => db.AuditEntries.SingleAsync(Ct));
        Assert.Equal(ErrorCodes.BackupNotFound, refused.Error.Code);
        Assert.Equal(255, entry.BackupId!.Length);
        Assert.StartsWith("x\ufffd999", entry.BackupId, StringComparison.Ordinal);
        Assert.EndsWith(StoredText.Ellipsis.ToString(), entry.BackupId, StringComparison.Ordinal);
        Assert.StartsWith("eve\ufffd\ufffdeee", entry.ActorName, StringComparison.Ordinal);
        Assert.Equal("10.0.0.1\ufffd", entry.ClientAddress);
        Assert.DoesNotContain('\0', entry.ErrorMessage!);
        Assert.True((await host.Get<AuditLog>().VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task RawInput_ThatIsNotUtf8_IsKeptAsBytesAndHashed()
    {
        await using var host = await CoreTestHost.StartAsync();
        byte[] body = [0x7b, 0xff, 0xfe, 0x00, 0x7d];

        await host.Get<ImportService>().RejectUnreadableAsync(Contexts.Member(), body, new Error(ErrorCodes.NotJson, "not JSON"), Ct);

        var entry = await host.QueryAsync(db => db.AuditEntries.SingleAsync(Ct));
        Assert.Equal(body, entry.RawInput);
        Assert.Null(entry.RawInputText());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), entry.BackupUrlSha256);
        Assert.True((await host.Get<AuditLog>().VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task Migration_ToRawInputBytes_KeepsEarlierEntriesVerifiable()
    {
        await using var host = await CoreTestHost.StartAsync();
        var rejected = await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest("", "é not base64 😀"), Ct);
        var original = await host.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(Ct));
        var migrations = await host.QueryAsync(db => Task.FromResult(db.GetService<IMigrationsAssembly>().Migrations.Keys.Order().ToList()));
        var previous = migrations[migrations.FindIndex(id => id.EndsWith("_AuditRawInputBytes", StringComparison.Ordinal)) - 1];

        // Back to the schema before the change, where the raw input was text, and forward again.
        await host.QueryAsync(db => db.GetService<IMigrator>().MigrateAsync(previous, Ct).ContinueWith(_ => 0, Ct));
        var asText = await host.QueryAsync(db => db.Database.SqlQueryRaw<string>("SELECT \"RawBackupUrl\" AS \"Value\" FROM audit_entries").SingleAsync(Ct));
        await host.Get<PortalDatabase>().MigrateAsync(Ct);

        var migrated = await host.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(Ct));
        Assert.Equal(AuditOutcomes.Rejected, rejected.Outcome);
        Assert.Equal("é not base64 😀", asText);
        Assert.Equal(original.RawInput, migrated.RawInput);
        Assert.True((await host.Get<AuditLog>().VerifyAsync(Ct)).IsIntact);
    }
}
