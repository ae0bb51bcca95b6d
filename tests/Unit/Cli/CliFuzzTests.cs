using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Portal.Cli;
using Portal.Core.Auditing;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Cli;

/// <summary>
/// The property test of issue 12 over the command line: files of mutated record lines
/// (<see cref="RecordMutations.FileLine"/>) through <c>records check</c> and <c>import</c>, in-process
/// on a real database. Every line answered (check) or audited once (import), never "could not run",
/// nothing written for a refusal, and the chain verifies after.
/// </summary>
public sealed class CliFuzzTests : IAsyncLifetime
{
    private const int LinesPerFile = 300;

    private CoreTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await CoreTestHost.StartAsync(CoreTestHost.NfsService);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private Task<(int ExitCode, string Out, string Error)> RunAsync(string input, params string[] args) => InProcessCli.RunAsync(_host, input, args);

    [Fact]
    public async Task RecordsCheck_AnswersEveryMutatedLine_InOrderWithItsNumber_AndWritesNothing()
    {
        var lines = 0;
        await RecordMutations.FileLine.Array[LinesPerFile].SampleAsync(async file =>
        {
            var (exitCode, output, error) = await RunAsync(string.Join('\n', file), "records", "check");

            var answers = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
            Assert.True(exitCode is ExitCodes.Success or ExitCodes.Refused, $"exit code {exitCode}: {error}");
            Assert.Equal(Enumerable.Range(1, file.Length), answers.Select(a => (int)a!["line"]!));
            Assert.All(answers, a => Assert.True((bool)a!["ok"]! || a["code"] is not null));
            lines += file.Length;
        }, iter: 10, threads: 1);

        Assert.Equal(10 * LinesPerFile, lines);
        Assert.Equal(0, await _host.QueryAsync(db => db.AuditEntries.CountAsync(Ct)));
        Assert.Equal(0, await _host.QueryAsync(db => db.Backups.CountAsync(Ct)));
    }

    [Fact]
    public async Task Import_OfAFileOfMutatedLines_AuditsEachLineOnce_WritesOnlyTheAccepted_AndKeepsTheChain()
    {
        var files = 0;
        await RecordMutations.FileLine.Array[LinesPerFile - 1].SampleAsync(async mutated =>
        {
            // The first line decides how a file is read (JSON lines, one document, CSV): keep it a record.
            var file = string.Join('\n', [RecordMutations.ValidLine(), .. mutated]);
            var entriesBefore = await _host.QueryAsync(db => db.AuditEntries.CountAsync(Ct));
            var backupsBefore = await _host.QueryAsync(db => db.Backups.CountAsync(Ct));

            var (exitCode, _, error) = await RunAsync(file, "import", "--file", "-");

            var entries = await _host.QueryAsync(db => db.AuditEntries.OrderBy(e => e.Sequence).Skip(entriesBefore).Select(e => e.Outcome).ToListAsync(Ct));
            var backupsAfter = await _host.QueryAsync(db => db.Backups.CountAsync(Ct));
            Assert.True(exitCode is ExitCodes.Success or ExitCodes.Refused, $"exit code {exitCode}: {error}");
            Assert.Equal(LinesPerFile, entries.Count);
            Assert.Equal(backupsBefore + entries.Count(o => o == AuditOutcomes.Imported), backupsAfter);
            Assert.All(entries, o => Assert.Contains(o, new[] { AuditOutcomes.Imported, AuditOutcomes.Rejected }));
            files++;
        }, iter: 5, threads: 1);

        var verification = await _host.Get<AuditLog>().VerifyAsync(Ct);
        Assert.Equal(5, files);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(5 * LinesPerFile, verification.EntriesChecked);
    }
}
