using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Tests.E2E.Api;

/// <summary>
/// The API accepts access tokens from the configured OIDC authority: a real one on Kestrel here (its
/// discovery document and signing keys), tokens signed with its key, the portal validating them.
/// </summary>
public sealed class OidcAccessTokenTests : IAsyncLifetime
{
    private const string Audience = "backupportal";
    private readonly RSA _rsa = RSA.Create(2048);
    private WebApplication _authority = null!;
    private WebApplicationFactory<Program> _portal = null!;
    private string _issuer = "";

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _authority = builder.Build();
        _authority.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = _issuer,
            ["jwks_uri"] = _issuer + "jwks",
            ["authorization_endpoint"] = _issuer + "authorize",
            ["token_endpoint"] = _issuer + "token",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        var key = _rsa.ExportParameters(includePrivateParameters: false);
        _authority.MapGet("/jwks", () => Results.Json(new Dictionary<string, object>
        {
            ["keys"] = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "authority-key",
                    ["n"] = Base64UrlEncoder.Encode(key.Modulus), ["e"] = Base64UrlEncoder.Encode(key.Exponent),
                },
            },
        }));
        await _authority.StartAsync(TestContext.Current.CancellationToken);
        _issuer = _authority.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";

        _portal = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Auth:Authority", _issuer);
            b.UseSetting("CinderApi:Audience", Audience);
            b.UseSetting("Demo:FullBackupsPerProject", "2");
            b.UseSetting("ConnectionStrings:Portal", $"Data Source={Path.Combine(Path.GetTempPath(), $"backupportal-oidc-{Guid.NewGuid():N}.db")}");
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _authority.DisposeAsync();
        _rsa.Dispose();
    }

    private string Token(RSA signer, string audience = Audience, TimeSpan? expiresIn = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = _issuer,
        Audience = audience,
        NotBefore = DateTime.UtcNow.AddMinutes(-10),
        Expires = DateTime.UtcNow + (expiresIn ?? TimeSpan.FromMinutes(5)),
        Claims = new Dictionary<string, object> { ["sub"] = "oidc-user", ["project_id"] = "p-100", ["role"] = "member", ["name"] = "Oidc User" },
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(signer) { KeyId = "authority-key" }, SecurityAlgorithms.RsaSha256),
    });

    private async Task<HttpResponseMessage> ListAsync(string token)
    {
        using var client = _portal.CreateClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        return await client.GetAsync("/volume/v3/p-100/backups/detail?limit=1", TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AnAccessTokenFromTheAuthority_IsTheUserInTheirProject()
    {
        var response = await ListAsync(Token(_rsa));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"backups\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForAnotherAudience_Expired_OrSignedByAnotherKey_IsUnauthorized()
    {
        using var stranger = RSA.Create(2048);

        var otherAudience = await ListAsync(Token(_rsa, audience: "someone-else"));
        var expired = await ListAsync(Token(_rsa, expiresIn: TimeSpan.FromMinutes(-6)));
        var forged = await ListAsync(Token(stranger));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            new[] { otherAudience.StatusCode, expired.StatusCode, forged.StatusCode });
    }

    [Fact]
    public async Task WhenTheAuthorityCannotBeReached_TheAnswerIsACinderFault()
    {
        var token = Token(_rsa);
        await using var portal = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Auth:Authority", "http://127.0.0.1:9/");
            b.UseSetting("Demo:Seed", "false");
            b.UseSetting("ConnectionStrings:Portal", $"Data Source={Path.Combine(Path.GetTempPath(), $"backupportal-oidc-{Guid.NewGuid():N}.db")}");
        });
        using var client = portal.CreateClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);

        var response = await client.GetAsync("/volume/v3/p-100/backups/detail", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.StartsWith("{\"computeFault\":", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
