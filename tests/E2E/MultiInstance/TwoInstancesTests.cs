using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Core.Auditing;
using Portal.Core.Common;
using Portal.Core.Quotas;
using Portal.Tests.E2E.Web;
using Portal.Tests.Shared;

namespace Portal.Tests.E2E.MultiInstance;

/// <summary>
/// Several instances on one database (issue 6): imports raced through both instances through the
/// Cinder API, then the database is checked for exactly what a single instance would have left.
/// </summary>
public sealed class TwoInstancesTests(TwoInstances portals) : IClassFixture<TwoInstances>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SameRecords_ImportedThroughBothInstancesAtOnce_GiveOneBackupAndOneRefusalEach()
    {
        const string project = "p-race";
        var records = Enumerable.Range(0, 40).Select(_ => TestRecords.Valid()).ToList();

        // Every record goes to both instances at the same moment, all records at once.
        var attempts = await Task.WhenAll(records.SelectMany(r => portals.Both.Select(p => ImportAsync(p, project, TestRecords.Url(r)))));

        var created = attempts.Count(a => a.Status == HttpStatusCode.Created);
        var clashes = attempts.Count(a => a.Status == HttpStatusCode.BadRequest && a.ErrorCode == ErrorCodes.AlreadyExists);
        var stored = await portals.QueryAsync(db => db.Backups.CountAsync(b => b.ProjectId == project, Ct));
        var audited = await portals.QueryAsync(db => db.AuditEntries.CountAsync(e => e.TargetProjectId == project, Ct));
        var chain = await portals.Get<AuditLog>().VerifyAsync(Ct);
        Report($"same records on {TestDatabase.EngineName}: {attempts.Length} attempts, {created} created, {clashes} already_exists, " +
               $"{stored} backups stored, {audited} audit entries, chain intact: {chain.IsIntact} ({chain.EntriesChecked} entries)");

        Assert.Equal((80, 40, 40, 40, 80), (attempts.Length, created, clashes, stored, audited));
        Assert.All(records, r => Assert.Single(attempts, a => a.BackupId == r.Id && a.Status == HttpStatusCode.Created));
        Assert.True(chain.IsIntact, chain.Problem);
    }

    [Fact]
    public async Task RecordsBeyondTheQuota_ImportedInParallelThroughBoth_NeverOverspendIt()
    {
        const string project = "p-quota";
        const int limit = 10;
        await portals.Get<QuotaService>().SetAsync(Contexts.Admin(), project, backups: limit, gigabytes: null, useDefaults: false, Ct);
        var records = Enumerable.Range(0, 30).Select(_ => TestRecords.Valid()).ToList();

        // Alternate instances, all at once: each instance alone would see room for every record.
        var attempts = await Task.WhenAll(records.Select((r, i) => ImportAsync(portals.Both[i % 2], project, TestRecords.Url(r))));

        var created = attempts.Count(a => a.Status == HttpStatusCode.Created);
        // Cinder answers an exceeded quota with 413 (OverLimit).
        var overQuota = attempts.Count(a => a.Status == HttpStatusCode.RequestEntityTooLarge && a.ErrorCode == ErrorCodes.OverQuota);
        var usage = (await portals.Get<QuotaService>().ListAsync(Contexts.Admin(), Ct)).Single(u => u.ProjectId == project);
        var chain = await portals.Get<AuditLog>().VerifyAsync(Ct);
        Report($"quota of {limit} on {TestDatabase.EngineName}: {attempts.Length} attempts, {created} created, {overQuota} over_quota, " +
               $"{usage.BackupsInUse} in use, chain intact: {chain.IsIntact} ({chain.EntriesChecked} entries)");

        Assert.Equal((limit, attempts.Length - limit, limit), (created, overQuota, usage.BackupsInUse));
        Assert.True(chain.IsIntact, chain.Problem);
    }

    [Fact]
    public async Task SignIn_ThroughOneInstance_IsAcceptedByTheOther()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PortalServer.LaunchChromiumAsync(playwright);
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await PortalServer.SignInAsync(page, portals.First.BaseUrl, "carol", "/backups");

        // Cookies do not keep to a port: the second instance gets the cookie the first one issued.
        var response = await page.GotoAsync(portals.Second.BaseUrl + "/backups");
        await PortalServer.WaitForCircuitAsync(page);

        Assert.Equal(portals.Second.BaseUrl + "/backups", page.Url);
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.GetByText("p-200").First).ToBeVisibleAsync();
        // One key for both instances, stored encrypted: no master key in the clear.
        var keys = await portals.QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync(Ct));
        Assert.Single(keys);
        Assert.Contains("EncryptedXml", keys[0], StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", keys[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCommand_TheContainersCheck_PassesOnAReadyInstanceAndFailsOnAMissingOne()
    {
        var portal = Path.Combine(AppContext.BaseDirectory, "Portal.dll");

        var ready = await ProcessRunner.RunAsync("dotnet", [portal, "health", "--url", portals.Second.BaseUrl + "/health/ready"]);
        var missing = await ProcessRunner.RunAsync("dotnet", [portal, "health", "--url", "http://127.0.0.1:9/health/ready"]);

        Assert.True(ready.ExitCode == 0, ready.Output + ready.Error);
        Assert.StartsWith("200 Healthy", ready.Output, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("did not answer", missing.Error, StringComparison.Ordinal);
    }

    private sealed record Attempt(string BackupId, HttpStatusCode Status, string? ErrorCode);

    private static async Task<Attempt> ImportAsync(PortalProcess portal, string project, string backupUrl)
    {
        using var client = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Auth-Token", $"u-{project}:{project}");
        var body = new JsonObject { ["backup-record"] = new JsonObject { ["backup_service"] = "cinder.backup.drivers.nfs", ["backup_url"] = backupUrl } };
        var response = await client.PostAsJsonAsync($"/volume/v3/{project}/backups/import_record", body, Ct);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        var id = Portal.Core.Records.RecordDecoder.Decode(backupUrl).Value.Record.Id;
        var errorCode = response.IsSuccessStatusCode ? null : (string?)answer.Single().Value!["error_code"];
        return new Attempt(id, response.StatusCode, errorCode);
    }

    /// <summary>The figures go to the test's output and to the artifacts folder, for the closing note.</summary>
    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Directory.CreateDirectory(PortalServer.ArtifactsDirectory);
        File.AppendAllText(Path.Combine(PortalServer.ArtifactsDirectory, "multi-instance-figures.txt"), $"{DateTime.UtcNow:u} {line}\n");
    }
}
