using System.Net;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auditing;
using Portal.Core.Common;
using Portal.Core.Data;

namespace Portal.Tests.E2E.Api;

/// <summary>
/// The property test of issue 12 over the API: thousands of mutated <c>import_record</c> bodies
/// (<see cref="Shared.RecordMutations"/>) against the running portal. Never a 5xx, exactly one audit
/// entry per attempt, a backup written only when the answer is 201, and the chain verifies after.
/// </summary>
[Collection(nameof(ApiFuzzCollection))]
public sealed class ApiFuzzTests
{
    private const int Attempts = 2000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MutatedImports_NeverFail_AreEachAuditedOnce_WriteOnlyWhenAccepted_AndKeepTheChain()
    {
        await using var host = await PortalHost.StartAsync();
        using var client = host.Client();
        var dbFactory = host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var statuses = new Dictionary<HttpStatusCode, int>();
        var auditEntries = 0;

        await Shared.RecordMutations.ApiBody.SampleAsync(async body =>
        {
            var requestId = $"req-{Guid.NewGuid()}";
            await using var db = await dbFactory.CreateDbContextAsync(Ct);
            var backupsBefore = await db.Backups.CountAsync(Ct);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/volume/v3/p-100/backups/import_record") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-OpenStack-Request-ID", requestId);

            using var response = await client.SendAsync(request, Ct);

            var entries = await db.AuditEntries.Where(e => e.RequestId == requestId).Select(e => e.Outcome).ToListAsync(Ct);
            var backupsAfter = await db.Backups.CountAsync(Ct);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            auditEntries += entries.Count;
            var answer = await response.Content.ReadAsStringAsync(Ct);
            // Cinder answers an unknown backup service with 503; no other failure is the server's.
            var isCindersServiceAnswer = response.StatusCode == HttpStatusCode.ServiceUnavailable && answer.Contains(ErrorCodes.ServiceNotFound, StringComparison.Ordinal);
            Assert.True((int)response.StatusCode < 500 || isCindersServiceAnswer, $"{(int)response.StatusCode}: {answer}");
            var outcome = Assert.Single(entries);
            Assert.Equal(response.StatusCode == HttpStatusCode.Created ? backupsBefore + 1 : backupsBefore, backupsAfter);
            Assert.Equal(response.StatusCode == HttpStatusCode.Created ? AuditOutcomes.Imported : AuditOutcomes.Rejected, outcome);
        }, iter: Attempts, threads: 1, print: body => $"{body.Length} bytes: {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}");

        var verification = await host.Services.GetRequiredService<AuditLog>().VerifyAsync(Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Attempts} attempts on {Shared.TestDatabase.EngineName}: " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key} × {s.Value}")) +
            $"; {auditEntries} audit entries; chain {(verification.IsIntact ? "intact" : "broken")} over {verification.EntriesChecked} entries");
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(Attempts, auditEntries);
        Assert.Contains(HttpStatusCode.Created, statuses.Keys);
        Assert.Contains(HttpStatusCode.BadRequest, statuses.Keys);
    }
}

/// <summary>
/// The fuzzer runs alone: its 2,000 requests (some of 3 MiB) keep both cores busy, and browser
/// tests beside it would time out on a machine that has two.
/// </summary>
[CollectionDefinition(nameof(ApiFuzzCollection), DisableParallelization = true)]
public sealed class ApiFuzzCollection;
