using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.Tests.E2E.Api;

/// <summary>Cinder's noauth scheme is off unless configured, and cannot be configured outside Development.</summary>
public sealed class CinderApiAuthTests
{
    private static WebApplicationFactory<Program> Portal(string environment, bool? noAuth) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseSetting("Auth:Authority", "http://127.0.0.1:9/");
            b.UseSetting("ConnectionStrings:Portal", $"Data Source={Path.Combine(Path.GetTempPath(), $"backupportal-api-{Guid.NewGuid():N}.db")}");
            if (noAuth is { } enabled)
            {
                b.UseSetting("CinderApi:NoAuth", enabled ? "true" : "false");
            }
        });

    [Fact]
    public async Task NoAuthTokens_ByDefault_AreUnauthorized()
    {
        await using var portal = Portal("Development", noAuth: null);
        using var client = portal.CreateClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", "bob:p-100");

        var response = await client.GetAsync($"/volume/v3/p-100/backups/{Guid.NewGuid()}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"unauthorized\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void NoAuth_OutsideDevelopment_RefusesToStart(string environment)
    {
        using var portal = Portal(environment, noAuth: true);

        var error = Assert.Throws<InvalidOperationException>(() => portal.CreateClient());

        Assert.Contains("CinderApi:NoAuth", error.Message, StringComparison.Ordinal);
    }
}
