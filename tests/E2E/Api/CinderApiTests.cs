using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auditing;
using Portal.Core.Common;
using Portal.Core.Records;
using Portal.Tests.E2E.Web;
using Portal.Tests.Shared;

namespace Portal.Tests.E2E.Api;

/// <summary>The Cinder-compatible API over HTTP on the running portal (Kestrel), with noauth tokens.</summary>
[Collection(nameof(PortalServerCollection))]
public sealed class CinderApiTests(PortalServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client(string? token = "bob:p-100", string? version = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        }
        if (version is not null)
        {
            client.DefaultRequestHeaders.Add("OpenStack-API-Version", $"volume {version}");
        }
        return client;
    }

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;

    /// <summary>Cinder's fault shape: one key naming the fault, holding the status and a message.</summary>
    private static async Task<JsonObject> FaultAsync(HttpResponseMessage response, HttpStatusCode status, string faultName)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await BodyAsync(response);
        var fault = Assert.IsType<JsonObject>(Assert.Single(body).Value);
        Assert.Equal(faultName, body.Single().Key);
        Assert.Equal((int)status, (int)fault["code"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)fault["message"]));
        return fault;
    }

    [Fact]
    public async Task VersionDiscovery_AnswersAtTheRootAndUnderV3()
    {
        using var client = Client(token: null);

        var root = await client.GetAsync("/volume/", Ct);
        var v3 = await client.GetAsync("/volume/v3/", Ct);

        Assert.Equal(HttpStatusCode.MultipleChoices, root.StatusCode);
        Assert.Equal(HttpStatusCode.OK, v3.StatusCode);
        var version = (await BodyAsync(root))["versions"]![0]!;
        Assert.Equal(("v3.0", "CURRENT", "3.70", "3.0"), ((string)version["id"]!, (string)version["status"]!, (string)version["version"]!, (string)version["min_version"]!));
        Assert.Contains(version["links"]!.AsArray(), l => (string)l!["rel"]! == "self" && (string)l["href"]! == $"{server.BaseUrl}/volume/v3/");
    }

    [Theory]
    [InlineData(null, "volume 3.0")]
    [InlineData("3.43", "volume 3.43")]
    [InlineData("latest", "volume 3.70")]
    public async Task Microversion_IsNegotiatedAndEchoed(string? requested, string echoed)
    {
        using var client = Client(version: requested);

        var response = await client.GetAsync($"/volume/v3/p-100/backups/{Guid.NewGuid()}", Ct);

        Assert.Equal(echoed, response.Headers.GetValues("OpenStack-API-Version").Single());
        Assert.Contains("OpenStack-API-Version", response.Headers.Vary);
        Assert.StartsWith("req-", response.Headers.GetValues("x-openstack-request-id").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Microversion_OutOfRangeOrMalformed_IsRefusedAsCinderDoes()
    {
        using var tooHigh = Client(version: "3.99");
        using var malformed = Client(version: "3.x");

        var high = await FaultAsync(await tooHigh.GetAsync("/volume/v3/p-100/backups/x", Ct), HttpStatusCode.NotAcceptable, "computeFault");
        var bad = await FaultAsync(await malformed.GetAsync("/volume/v3/p-100/backups/x", Ct), HttpStatusCode.BadRequest, "badRequest");

        Assert.Equal("Version 3.99 is not supported by the API. Minimum is 3.0 and maximum is 3.70.", (string)high["message"]!);
        Assert.Equal("API Version String 3.x is of invalid format. Must be of format MajorNum.MinorNum.", (string)bad["message"]!);
    }

    [Fact]
    public async Task Calls_WithoutAToken_AreUnauthorized()
    {
        using var client = Client(token: null);

        await FaultAsync(await client.GetAsync("/volume/v3/p-100/backups/x", Ct), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Show_OwnBackup_HasCindersFieldsByMicroversion()
    {
        var backup = (await PortalData.BackupsAsync(server, "p-100"))[0];
        using var plain = Client();
        using var later = Client(version: "3.64");

        var at30 = (await BodyAsync(await plain.GetAsync($"/volume/v3/p-100/backups/{backup.Id}", Ct)))["backup"]!.AsObject();
        var at364 = (await BodyAsync(await later.GetAsync($"/volume/v3/backups/{backup.Id}", Ct)))["backup"]!.AsObject();

        Assert.Equal((backup.Id, backup.DisplayName, backup.Status, backup.Size), ((string)at30["id"]!, (string?)at30["name"], (string)at30["status"]!, (int)at30["size"]!));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$", (string)at30["created_at"]!);
        Assert.False(at30.ContainsKey("metadata"));
        Assert.True(at364.ContainsKey("metadata"));
        // Project and user ids are for admins only, whatever the microversion.
        Assert.False(at364.ContainsKey("os-backup-project-attr:project_id") || at364.ContainsKey("user_id"));
        Assert.Equal($"{server.BaseUrl}/volume/v3/p-100/backups/{backup.Id}", (string)at30["links"]![0]!["href"]!);
        Assert.Equal($"{server.BaseUrl}/volume/v3/backups/{backup.Id}", (string)at364["links"]![0]!["href"]!);
    }

    [Fact]
    public async Task Show_AnotherProjectsBackup_IsNotFound_ExactlyLikeAMissingOne()
    {
        var theirs = (await PortalData.BackupsAsync(server, "p-200"))[0];
        using var client = Client();

        var other = await FaultAsync(await client.GetAsync($"/volume/v3/p-100/backups/{theirs.Id}", Ct), HttpStatusCode.NotFound, "itemNotFound");
        var missing = await FaultAsync(await client.GetAsync($"/volume/v3/p-100/backups/{Guid.Empty}", Ct), HttpStatusCode.NotFound, "itemNotFound");

        Assert.Equal(ErrorCodes.BackupNotFound, (string)other["error_code"]!);
        Assert.Equal(((string)missing["message"]!).Replace(Guid.Empty.ToString(), theirs.Id, StringComparison.Ordinal), (string)other["message"]!);
    }

    [Fact]
    public async Task Urls_NamingAnotherProjectThanTheToken_AreMalformed()
    {
        var theirs = (await PortalData.BackupsAsync(server, "p-200"))[0];
        using var client = Client();

        var fault = await FaultAsync(await client.GetAsync($"/volume/v3/p-200/backups/{theirs.Id}", Ct), HttpStatusCode.BadRequest, "badRequest");

        Assert.Equal("Malformed request url", (string)fault["message"]!);
    }

    [Fact]
    public async Task ExportThenImport_RoundTripsARecordAndRefusesTheSecondCopy()
    {
        var backup = (await PortalData.BackupsAsync(server, "p-100"))[2];
        var record = TestRecords.Valid() with { DisplayName = "from the api" };
        using var client = Client();

        var exported = (await BodyAsync(await client.GetAsync($"/volume/v3/p-100/backups/{backup.Id}/export_record", Ct)))["backup-record"]!;
        var body = new JsonObject { ["backup-record"] = new JsonObject { ["backup_service"] = "cinder.backup.drivers.nfs", ["backup_url"] = TestRecords.Url(record) } };
        var created = await client.PostAsJsonAsync("/volume/v3/p-100/backups/import_record", body, Ct);
        var again = await client.PostAsJsonAsync("/volume/v3/backups/import_record", body, Ct);

        Assert.Equal(backup.Id, RecordDecoder.Decode((string)exported["backup_url"]!).Value.Record.Id);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var summary = (await BodyAsync(created))["backup"]!;
        Assert.Equal((record.Id, "from the api"), ((string)summary["id"]!, (string?)summary["name"]));
        var clash = await FaultAsync(again, HttpStatusCode.BadRequest, "badRequest");
        Assert.Equal(ErrorCodes.AlreadyExists, (string)clash["error_code"]!);
        var audit = await PortalData.AuditAsync(server, record.Id);
        Assert.Equal(["api", "api"], audit.Select(e => e.Channel));
    }

    [Theory]
    [InlineData("{\"backup-record\": {\"backup_service\": \"cinder.backup.drivers.nfs\", \"backup_url\": \"not base64!\"}}", ErrorCodes.NotBase64, "not base64!")]
    [InlineData("{\"backup-record\": {\"backup_service\": \"cinder.backup.drivers.nfs\", \"backup_url\": \"\"}}", ErrorCodes.NotBase64, "")]
    [InlineData("{\"backup-record\": {\"backup_service\": \"x\"}}", ErrorCodes.MissingFields)]
    [InlineData("{}", ErrorCodes.MissingFields)]
    [InlineData("not json", ErrorCodes.NotJson)]
    [InlineData("", ErrorCodes.NotJson)]
    [InlineData("[1]", ErrorCodes.NotObject)]
    [InlineData("{\"backup-record\": {\"backup_service\": \"x\", \"backup_url\": \"QQ==\", \"backup_url\": \"QQ==\"}}", ErrorCodes.DuplicateKey)]
    [InlineData("{\"backup-record\": {\"backup_service\": \"\\ud800\", \"backup_url\": \"QQ==\"}}", ErrorCodes.NotJson)]
    [InlineData("{\"backup-record\": {\"backup_service\": \"x\", \"backup_url\": 7}}", ErrorCodes.InvalidField)]
    [InlineData("{\"backup-record\": {\"backup_service\": \"x\", \"backup_url\": \"QQ==\", \"extra\": 1}}", ErrorCodes.InvalidField)]
    [InlineData("{\"backup-record\": {\"backup_service\": \"x\", \"backup_url\": \"QQ==\"}, \"deep\": DEEP}", ErrorCodes.NotJson)]
    public async Task Import_OfABadBody_IsABadRequestInCindersShape_AndAuditedWithTheInputKept(string body, string errorCode, string? backupUrl = null)
    {
        // A readable envelope keeps its backup_url (contract §6), any other body is kept whole.
        body = body.Replace("DEEP", new string('[', 300) + new string(']', 300), StringComparison.Ordinal);

        var (response, entry) = await PostImportAsync(System.Text.Encoding.UTF8.GetBytes(body));

        var fault = await FaultAsync(response, HttpStatusCode.BadRequest, "badRequest");
        Assert.Equal(errorCode, (string?)fault["error_code"]);
        Assert.Equal((AuditOutcomes.Rejected, errorCode, "api"), (entry.Outcome, entry.ErrorCode, entry.Channel));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(backupUrl ?? body), entry.RawInput);
    }

    [Fact]
    public async Task Import_OfABodyThatIsNotUtf8_IsNotJson_AndItsBytesAreKept()
    {
        byte[] body = [.. "{\"backup-record\": {\"backup_service\": \""u8, 0xff, 0xfe, .. "\", \"backup_url\": \"QQ==\"}}"u8];

        var (response, entry) = await PostImportAsync(body);

        var fault = await FaultAsync(response, HttpStatusCode.BadRequest, "badRequest");
        Assert.Equal(ErrorCodes.NotJson, (string?)fault["error_code"]);
        Assert.Equal(body, entry.RawInput);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Import_OfAnOversizedBody_Is413OverLimit_AndKeepsItsFirstMebibyte(bool announcesItsLength)
    {
        var body = System.Text.Encoding.ASCII.GetBytes("{\"backup-record\": {\"backup_service\": \"x\", \"backup_url\": \"" + new string('A', 3 * 1024 * 1024) + "\"}}");

        var (response, entry) = await PostImportAsync(body, chunked: !announcesItsLength);

        var fault = await FaultAsync(response, HttpStatusCode.RequestEntityTooLarge, "overLimit");
        Assert.Equal(ErrorCodes.TooLarge, (string?)fault["error_code"]);
        Assert.Equal((AuditOutcomes.Rejected, ErrorCodes.TooLarge), (entry.Outcome, entry.ErrorCode));
        Assert.Equal(body.AsSpan(0, RecordLimits.MaxBackupUrlLength).ToArray(), entry.RawInput);
    }

    /// <summary>One import attempt under its own request id, and the one audit entry it left.</summary>
    private async Task<(HttpResponseMessage Response, AuditEntry Entry)> PostImportAsync(byte[] body, bool chunked = false)
    {
        var requestId = $"req-{Guid.NewGuid()}";
        using var client = Client();
        client.DefaultRequestHeaders.Add("X-OpenStack-Request-ID", requestId);
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        if (chunked)
        {
            client.DefaultRequestHeaders.TransferEncodingChunked = true;
        }
        var response = await client.PostAsync("/volume/v3/p-100/backups/import_record", content, Ct);
        return (response, Assert.Single(await PortalData.AuditOfRequestAsync(server, requestId)));
    }

    [Fact]
    public async Task Detail_PagesFollowTheirNextLinks_ThroughEveryBackupOfTheProject()
    {
        var expected = await PortalData.CountAsync(server, new Portal.Core.Backups.BackupListQuery { ProjectId = "p-100" });
        using var client = Client();
        var seen = new List<string>();

        string? next = "/volume/v3/p-100/backups/detail?limit=4&sort=created_at:desc";
        var pages = 0;
        while (next is not null)
        {
            var body = await BodyAsync(await client.GetAsync(next, Ct));
            seen.AddRange(body["backups"]!.AsArray().Select(b => (string)b!["id"]!));
            next = (string?)body["backups_links"]?[0]?["href"];
            pages++;
        }

        Assert.Equal(expected, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(pages > 1);
    }

    [Fact]
    public async Task Detail_SortsFiltersAndCountsAsAsked()
    {
        var backups = await PortalData.BackupsAsync(server, "p-100");
        var named = backups.First(b => b.DisplayName is not null);
        using var plain = Client();
        using var counting = Client(version: "3.45");

        var bySize = (await BodyAsync(await plain.GetAsync("/volume/v3/p-100/backups/detail?sort=size:asc&limit=7", Ct)))["backups"]!.AsArray();
        var byName = (await BodyAsync(await plain.GetAsync($"/volume/v3/p-100/backups/detail?name={Uri.EscapeDataString(named.DisplayName!)}", Ct)))["backups"]!.AsArray();
        var available = await BodyAsync(await counting.GetAsync("/volume/v3/p-100/backups/detail?status=available&with_count=true&limit=1", Ct));
        var uncounted = await BodyAsync(await plain.GetAsync("/volume/v3/p-100/backups/detail?with_count=true&limit=1", Ct));

        var sizes = bySize.Select(b => (int)b!["size"]!).ToList();
        Assert.Equal(sizes.Order(), sizes);
        Assert.All(byName, b => Assert.Equal(named.DisplayName, (string?)b!["name"]));
        Assert.Contains(byName, b => (string)b!["id"]! == named.Id);
        Assert.Equal(backups.Count, (int)available["count"]!);
        Assert.False(uncounted.ContainsKey("count"));
    }

    [Fact]
    public async Task List_IsTheSummaryView_AndAllTenantsGivesAMemberOnlyTheirProject()
    {
        var theirs = (await PortalData.BackupsAsync(server, "p-200")).Select(b => b.Id).ToHashSet();
        using var client = Client();

        var summaries = (await BodyAsync(await client.GetAsync("/volume/v3/p-100/backups?all_tenants=1&limit=7", Ct)))["backups"]!.AsArray();

        Assert.NotEmpty(summaries);
        Assert.All(summaries, b => Assert.Equal(["id", "name", "links"], b!.AsObject().Select(p => p.Key)));
        Assert.DoesNotContain(summaries, b => theirs.Contains((string)b!["id"]!));
    }

    [Theory]
    [InlineData("limit=ten", null, "limit param must be an integer")]
    [InlineData("limit=-1", null, "limit param must be positive")]
    [InlineData("all_tenants=maybe", null, "all_tenants must be a boolean, got 'maybe'.")]
    [InlineData("sort=colour:asc", null, "Invalid sort key colour")]
    [InlineData("sort=size&sort_key=id", null, "cannot be used with the sort parameter")]
    [InlineData("colour=blue", "3.31", "Invalid filters colour are found in query options.")]
    public async Task Detail_WithABadQuery_IsABadRequest(string query, string? version, string message)
    {
        using var client = Client(version: version);

        var fault = await FaultAsync(await client.GetAsync($"/volume/v3/p-100/backups/detail?{query}", Ct), HttpStatusCode.BadRequest, "badRequest");

        Assert.Contains(message, (string)fault["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detail_UnknownFiltersBefore331_AreIgnored_AndAnUnknownMarkerIsNotFound()
    {
        using var client = Client();

        var ignored = await client.GetAsync("/volume/v3/p-100/backups/detail?colour=blue&limit=1", Ct);
        var marker = await client.GetAsync($"/volume/v3/p-100/backups/detail?marker={Guid.NewGuid()}", Ct);

        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
        await FaultAsync(marker, HttpStatusCode.NotFound, "itemNotFound");
    }

    [Fact]
    public async Task Delete_OwnBackup_IsAccepted_AndTheBackupIsGone_AnotherProjectsIsNotFound()
    {
        var mine = (await PortalData.BackupsAsync(server, "p-100")) is var backups ? backups.First(b => !backups.Any(d => d.ParentId == b.Id)) : null;
        var theirs = (await PortalData.BackupsAsync(server, "p-200"))[0];
        using var client = Client();

        var deleted = await client.DeleteAsync($"/volume/v3/p-100/backups/{mine!.Id}", Ct);
        var after = await client.GetAsync($"/volume/v3/p-100/backups/{mine.Id}", Ct);
        var other = await client.DeleteAsync($"/volume/v3/backups/{theirs.Id}", Ct);

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsStringAsync(Ct));
        await FaultAsync(after, HttpStatusCode.NotFound, "itemNotFound");
        await FaultAsync(other, HttpStatusCode.NotFound, "itemNotFound");
        Assert.Contains(await PortalData.BackupsAsync(server, "p-200"), b => b.Id == theirs.Id);
    }

    [Fact]
    public async Task ApiTokens_CarryTheirRole_AReaderMaySeeButNotExport()
    {
        var tokens = server.Services.GetRequiredService<Portal.Core.Tokens.ApiTokenService>();
        var reader = (await tokens.CreateForAsync("e2e", "dave", "p-100", Portal.Core.Tenancy.Roles.Reader, TimeSpan.FromHours(1), Ct)).Value;
        var backup = (await PortalData.BackupsAsync(server, "p-100"))[0];
        using var client = Client(token: reader.Secret);

        var shown = await client.GetAsync($"/volume/v3/p-100/backups/{backup.Id}", Ct);
        var export = await client.GetAsync($"/volume/v3/p-100/backups/{backup.Id}/export_record", Ct);

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var fault = await FaultAsync(export, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(ErrorCodes.ExportForbidden, (string)fault["error_code"]!);
        var audit = await PortalData.AuditAsync(server, backup.Id);
        Assert.Contains(audit, e => e.Channel == "api" && e.ActorUserId == "dave" && e.Outcome == "rejected");
    }

    [Fact]
    public async Task AnAdminToken_ListsEveryProjectWithAllTenants_AndSeesOwnersFrom356()
    {
        var tokens = server.Services.GetRequiredService<Portal.Core.Tokens.ApiTokenService>();
        var admin = (await tokens.CreateForAsync("e2e", "alice", "p-100", Portal.Core.Tenancy.Roles.Admin, TimeSpan.FromHours(1), Ct)).Value;
        var theirs = (await PortalData.BackupsAsync(server, "p-200"))[0];
        using var client = Client(token: admin.Secret, version: "3.56");

        var own = await BodyAsync(await client.GetAsync("/volume/v3/p-100/backups/detail?limit=1000", Ct));
        var all = await BodyAsync(await client.GetAsync("/volume/v3/p-100/backups/detail?all_tenants=True&limit=1000", Ct));
        var shown = (await BodyAsync(await client.GetAsync($"/volume/v3/p-100/backups/{theirs.Id}", Ct)))["backup"]!;

        Assert.DoesNotContain(own["backups"]!.AsArray(), b => (string)b!["id"]! == theirs.Id);
        Assert.Contains(all["backups"]!.AsArray(), b => (string)b!["id"]! == theirs.Id);
        Assert.Equal(("p-200", theirs.UserId), ((string)shown["os-backup-project-attr:project_id"]!, (string)shown["user_id"]!));
    }

    [Fact]
    public async Task Detail_NameContainsFrom334_AndOffsetSkips()
    {
        var backups = await PortalData.BackupsAsync(server, "p-100");
        var named = backups.First(b => b.DisplayName is { Length: > 4 });
        var part = named.DisplayName![1..^1];
        using var at334 = Client(version: "3.34");
        using var plain = Client();

        var matching = (await BodyAsync(await at334.GetAsync($"/volume/v3/p-100/backups/detail?name~={Uri.EscapeDataString(part)}&limit=1000", Ct)))["backups"]!.AsArray();
        var first = (await BodyAsync(await plain.GetAsync("/volume/v3/p-100/backups?limit=3", Ct)))["backups"]!.AsArray();
        var skipped = (await BodyAsync(await plain.GetAsync("/volume/v3/p-100/backups?limit=2&offset=1", Ct)))["backups"]!.AsArray();

        Assert.Contains(matching, b => (string)b!["id"]! == named.Id);
        Assert.All(matching, b => Assert.Contains(part, (string)b!["name"]!, StringComparison.Ordinal));
        Assert.Equal(first.Skip(1).Select(b => (string)b!["id"]!), skipped.Select(b => (string)b!["id"]!));
    }

    [Fact]
    public async Task RequestIds_FromTheClientAreKeptAndAudited_OthersAreReplaced()
    {
        var backup = (await PortalData.BackupsAsync(server, "p-100"))[1];
        var clientId = $"req-{Guid.NewGuid()}";
        using var client = Client();
        client.DefaultRequestHeaders.Add("X-OpenStack-Request-ID", clientId);
        using var odd = Client();
        odd.DefaultRequestHeaders.Add("X-OpenStack-Request-ID", "not-a-request-id");

        var exported = await client.GetAsync($"/volume/v3/p-100/backups/{backup.Id}/export_record", Ct);
        var other = await odd.GetAsync($"/volume/v3/p-100/backups/{backup.Id}", Ct);

        Assert.Equal(clientId, exported.Headers.GetValues("x-openstack-request-id").Single());
        Assert.Contains(await PortalData.AuditAsync(server, backup.Id), e => e.RequestId == clientId && e.Channel == "api");
        Assert.Matches("^req-[0-9a-f-]{36}$", other.Headers.GetValues("x-openstack-request-id").Single());
    }
}
