using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Auditing;
using Portal.Core.Common;
using Portal.Core.Tenancy;
using Portal.Core.Exporting;
using Portal.Core.Importing;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Auditing;

/// <summary>The audit log of contract §6 is hash-chained; verification finds the first entry tampered with.</summary>
public sealed class AuditChainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<CoreTestHost> HostWithEntriesAsync(int imports)
    {
        var host = await CoreTestHost.StartAsync();
        for (var i = 0; i < imports; i++)
        {
            var result = await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest("", TestRecords.Url(TestRecords.Valid())), Ct);
            await host.Get<ExportService>().ExportAsync(Contexts.Member(), result.Backup!.Id, Ct);
            host.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        await host.Get<ImportService>().ImportAsync(Contexts.Member(), new ImportRequest("", "broken!"), Ct);
        return host;
    }

    [Fact]
    public async Task Verify_UntouchedLog_IsIntact()
    {
        await using var host = await HostWithEntriesAsync(5);

        var verification = await host.Get<AuditLog>().VerifyAsync(Ct);

        Assert.True(verification.IsIntact);
        Assert.Equal((11L, 0L), (verification.EntriesChecked, verification.BrokenCount));
        Assert.Empty(verification.Breaks);
    }

    [Fact]
    public async Task Verify_EntriesLinkEachToItsPredecessor()
    {
        await using var host = await HostWithEntriesAsync(2);

        var entries = await host.QueryAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync(Ct));

        Assert.Equal(new string('0', 64), entries[0].PreviousHash);
        Assert.All(entries.Skip(1).Zip(entries), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
    }

    [Theory]
    [InlineData("Outcome", "'imported'")]
    [InlineData("ErrorMessage", "'nothing to see'")]
    [InlineData("ActorUserId", "'someone-else'")]
    [InlineData("OccurredAt", "'2020-01-01 00:00:00'")]
    [InlineData("RawInput", "NULL")]
    public async Task Verify_AlteredEntry_IsReportedAsTheFirstBroken(string column, string value)
    {
        await using var host = await HostWithEntriesAsync(5);
        var target = await host.QueryAsync(db => db.AuditEntries.Where(e => e.RawInput != null).Select(e => e.Sequence).SingleAsync(Ct));
        var tamper = "UPDATE audit_entries SET \"" + column + "\" = " + value + " WHERE \"Sequence\" = " + target;
        await host.QueryAsync(db => db.Database.ExecuteSqlRawAsync(tamper, Ct));

        var verification = await host.Get<AuditLog>().VerifyAsync(Ct);

        Assert.False(verification.IsIntact);
        Assert.Equal(target, verification.FirstBrokenSequence);
        Assert.Contains("altered", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RemovedEntry_BreaksTheChainAtItsSuccessor()
    {
        await using var host = await HostWithEntriesAsync(5);
        await host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE \"Sequence\" = 4", Ct));

        var verification = await host.Get<AuditLog>().VerifyAsync(Ct);

        Assert.Equal((false, 5L, 10L, 1L), (verification.IsIntact, verification.FirstBrokenSequence!.Value, verification.EntriesChecked, verification.BrokenCount));
    }

    [Fact]
    public async Task Verify_EntryForgedWithARecomputedHash_BreaksTheChainAtItsSuccessor()
    {
        await using var host = await HostWithEntriesAsync(3);
        // A forger who alters entry 2 and recomputes its hash still breaks the link from entry 3.
        await host.QueryAsync(db => db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET \"Outcome\" = 'rejected' WHERE \"Sequence\" = 2", Ct));
        var forged = await host.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 2, Ct));
        var forgedHash = AuditHash.Of(forged);
        await host.QueryAsync(db => db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET \"Hash\" = {forgedHash} WHERE \"Sequence\" = 2", Ct));

        var verification = await host.Get<AuditLog>().VerifyAsync(Ct);

        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Contains("does not follow", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AfterABreak_GoesOnAndFindsLaterTampering()
    {
        await using var host = await HostWithEntriesAsync(5);
        await host.QueryAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"ActorName\" = 'x' WHERE \"Sequence\" IN (2, 8)", Ct));

        var verification = await host.Get<AuditLog>().VerifyAsync(Ct);

        Assert.Equal([2L, 8L], verification.Breaks.Select(b => b.Sequence));
        Assert.Equal((2L, 11L), (verification.BrokenCount, verification.EntriesChecked));
    }

    [Fact]
    public void Hash_IsSha256OfThePreviousHashAndEachFieldLengthPrefixed()
    {
        // The serialization is what stored chains were hashed with: it must never change.
        var text = Gen.String[Gen.Char.AlphaNumeric, 0, 12].Select(s => s.Length == 0 ? null : s);
        var anyText = Gen.OneOf(text, Gen.String.Select(s => (string?)s), Gen.Const((string?)"é€😀\n-:"));
        Gen.Select(anyText, anyText, anyText, anyText, Gen.Bool).Sample((user, project, backup, message, rejected) =>
        {
            var context = new RequestContext { UserId = user ?? "u", ProjectId = project, Channel = Channels.Bulk, ClientAddress = message };
            var draft = new AuditDraft(context, AuditActions.Import, rejected ? AuditOutcomes.Rejected : AuditOutcomes.Imported)
            {
                BackupId = backup,
                BackupUrl = message ?? "url",
                // Raw input that is not UTF-8 hashes with its byte length instead.
                UnreadableInput = rejected && backup is { Length: > 3 } ? new byte[] { 0xff, 0x00, (byte)backup[0] } : null,
                Error = rejected ? new Error(ErrorCodes.NotJson, message ?? "m") : null,
            };
            var entry = AuditEntry.Create(draft, new DateTime(2026, 11, 24, 6, 30, 0, 123, DateTimeKind.Utc), AuditHash.Genesis);

            Assert.Equal(Naive(entry), entry.Hash);
        });
    }

    /// <summary>The documented serialization, built the plain way.</summary>
    private static string Naive(AuditEntry entry)
    {
        var text = new StringBuilder(entry.PreviousHash);
        foreach (var field in entry.TextContent())
        {
            text.Append('\n').Append(field is null ? "-" : $"{field.Length.ToString(CultureInfo.InvariantCulture)}:{field}");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString()).AsEnumerable();
        bytes = entry.RawInput switch
        {
            null => bytes.Concat("\n-"u8.ToArray()),
            var raw when System.Text.Unicode.Utf8.IsValid(raw) => bytes.Concat(Encoding.UTF8.GetBytes($"\n{Encoding.UTF8.GetString(raw).Length.ToString(CultureInfo.InvariantCulture)}:")).Concat(raw),
            var raw => bytes.Concat(Encoding.UTF8.GetBytes($"\n#{raw.Length.ToString(CultureInfo.InvariantCulture)}:")).Concat(raw),
        };
        return Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));
    }
}
