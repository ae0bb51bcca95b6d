using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.Tests.E2E.Web;

/// <summary>The embedded development identity provider can never serve outside Development.</summary>
public sealed class DevIdentityProviderTests
{
    private static WebApplicationFactory<Program> Portal(string environment, string authority) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseSetting("Auth:Authority", authority);
            b.UseSetting("ConnectionStrings:Portal", $"Data Source={Path.Combine(Path.GetTempPath(), $"backupportal-idp-{Guid.NewGuid():N}.db")}");
        });

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Start_OutsideDevelopmentWithoutAnAuthority_IsRefused(string environment)
    {
        using var portal = Portal(environment, authority: "");

        var error = Assert.Throws<InvalidOperationException>(() => portal.CreateClient());

        Assert.Contains("Auth:Authority", error.Message, StringComparison.Ordinal);
        Assert.Contains("only runs in the Development environment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithAnExternalAuthority_ServesNoDevelopmentProvider()
    {
        await using var portal = Portal("Development", authority: "http://127.0.0.1:9/");
        using var client = portal.CreateClient(new() { AllowAutoRedirect = false });

        var login = await client.GetAsync("/dev-idp/login", TestContext.Current.CancellationToken);
        var discovery = await client.GetAsync("/dev-idp/.well-known/openid-configuration", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, discovery.StatusCode);
    }
}
