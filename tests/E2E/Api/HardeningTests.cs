using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Core.Data;
using Portal.Tests.Shared;

namespace Portal.Tests.E2E.Api;

/// <summary>
/// The API and the pages under the conditions an attacker or a failing disk brings: token guessing,
/// forged headers, a database that vanished or went read-only. Each on a portal of its own.
/// </summary>
public sealed class HardeningTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FailedTokens_OverTheLimit_Are429WithRetryAfter_ForAGoodTokenToo_AndLogged()
    {
        await using var host = await PortalHost.StartAsync(new Dictionary<string, string?> { ["CinderApi:FailedAuthPerMinute"] = "3" });
        using var guessing = host.Client("a:b:c");
        using var good = host.Client();

        var failures = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            failures.Add((await guessing.GetAsync("/volume/v3/backups", Ct)).StatusCode);
        }
        var blocked = await good.GetAsync("/volume/v3/backups", Ct);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], failures);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.InRange(blocked.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        var fault = (await blocked.Content.ReadFromJsonAsync<JsonObject>(Ct))!["overLimit"]!;
        Assert.Equal(429, (int)fault["code"]!);
    }

    [Fact]
    public async Task ApiTokens_AreComparedExactly()
    {
        await using var host = await PortalHost.StartAsync(new Dictionary<string, string?> { ["CinderApi:NoAuth"] = "false" });
        var secret = (await host.Services.GetRequiredService<Portal.Core.Tokens.ApiTokenService>()
            .CreateForAsync("e2e", "bob", "p-100", Portal.Core.Tenancy.Roles.Member, TimeSpan.FromHours(1), Ct)).Value.Secret;

        var answers = new List<HttpStatusCode>();
        foreach (var token in new[] { secret, secret + "x", secret[..^1], secret.ToUpperInvariant(), secret.Replace("bp_", "bp-", StringComparison.Ordinal) })
        {
            using var client = host.Client(token);
            answers.Add((await client.GetAsync("/volume/v3/p-100/backups", Ct)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], answers);
    }

    [Fact]
    public async Task ApiLinks_StartWithThePublicUrl_NeverWithAForgedHostHeader()
    {
        await using var host = await PortalHost.StartAsync(new Dictionary<string, string?> { ["CinderApi:PublicUrl"] = "https://portal.example.com/" });
        using var client = host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/volume/v3/p-100/backups?limit=1");
        request.Headers.Host = "evil.example";

        var versions = (await client.GetFromJsonAsync<JsonObject>("/volume/v3/", Ct))!;
        var page = (await (await client.SendAsync(request, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        Assert.Contains(versions["versions"]![0]!["links"]!.AsArray(), l => (string)l!["href"]! == "https://portal.example.com/volume/v3/");
        Assert.StartsWith("https://portal.example.com/volume/v3/p-100/backups/", (string)page["backups"]![0]!["links"]![0]!["href"]!, StringComparison.Ordinal);
        Assert.StartsWith("https://portal.example.com/volume/v3/p-100/backups?", (string)page["backups_links"]![0]!["href"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardedHeaders_AreBelievedOnlyFromConfiguredProxies_EvenWithAspNetCoresSwitchOn()
    {
        await using var host = await PortalHost.StartAsync(new Dictionary<string, string?>
        {
            ["FORWARDEDHEADERS_ENABLED"] = "true",
            ["ForwardedHeaders:KnownProxies:0"] = "10.1.2.3",
            ["ForwardedHeaders:KnownNetworks:0"] = "192.168.7.0/24",
        });
        using var client = host.Client();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        var requestId = $"req-{Guid.NewGuid()}";
        client.DefaultRequestHeaders.Add("X-OpenStack-Request-ID", requestId);
        var backup = (await client.GetFromJsonAsync<JsonObject>("/volume/v3/p-100/backups?limit=1", Ct))!["backups"]![0]!;
        using var forgedLocal = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        forgedLocal.DefaultRequestHeaders.Add("X-Forwarded-For", "127.0.0.1");

        var options = host.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        await client.GetAsync($"/volume/v3/p-100/backups/{backup["id"]}/export_record", Ct);
        var devLogin = await forgedLocal.GetAsync("/dev-idp/login", Ct);

        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("10.1.2.3")], options.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("192.168.7.0/24")], options.KnownIPNetworks);
        // The test's own connection is loopback, a trusted proxy: the address it forwards is the client's.
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal("203.0.113.9", (await db.AuditEntries.SingleAsync(e => e.RequestId == requestId, Ct)).ClientAddress);
        // Whatever address a forwarded request claims, it came through a proxy: not this machine's user.
        Assert.Equal(HttpStatusCode.NotFound, devLogin.StatusCode);
    }

    [Fact]
    public async Task ApiAnswers_CarryNosniff_AndNoPagePolicy()
    {
        await using var host = await PortalHost.StartAsync();
        using var client = host.Client();

        var api = await client.GetAsync("/volume/v3/backups", Ct);

        Assert.Equal("nosniff", api.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(api.Headers.Contains("Content-Security-Policy"));
    }

    /// <summary>
    /// Each engine's way of losing its database under a running portal: SQLite's file deleted (open
    /// connections would go on writing into the deleted file), PostgreSQL turned read-only (a
    /// standby). Writes answer 503 with the reason, nothing is acknowledged, readiness fails.
    /// </summary>
    [Fact]
    public async Task WhenTheDatabaseCannotTakeWrites_ImportsAnswer503_AndReadinessFails()
    {
        await using var host = await PortalHost.StartAsync();
        using var client = host.Client();
        var ready = await client.GetAsync("/health/ready", Ct);
        var before = await ImportAsync(client);
        string expected;
        if (TestDatabase.PostgresServer is { } server)
        {
            var name = new NpgsqlConnectionStringBuilder(host.Database.ConnectionString).Database;
            await using var connection = new NpgsqlConnection(host.Database.ConnectionString);
            await connection.OpenAsync(Ct);
            await new NpgsqlCommand($"ALTER DATABASE \"{name}\" SET default_transaction_read_only = on", connection).ExecuteNonQueryAsync(Ct);
            NpgsqlConnection.ClearAllPools();
            expected = "accepts only reads";
        }
        else
        {
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(host.Database.ConnectionString).DataSource;
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
            expected = "is gone";
        }

        var after = await ImportAsync(client);
        var notReady = await client.GetAsync("/health/ready", Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Created), (ready.StatusCode, before.StatusCode));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
        var fault = (await after.Content.ReadFromJsonAsync<JsonObject>(Ct))!["serviceUnavailable"]!;
        Assert.Contains(expected, (string)fault["message"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains(expected, await notReady.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client) => client.PostAsJsonAsync("/volume/v3/p-100/backups/import_record",
        new JsonObject { ["backup-record"] = new JsonObject { ["backup_service"] = "cinder.backup.drivers.nfs", ["backup_url"] = TestRecords.Url(TestRecords.Valid()) } }, Ct);
}
