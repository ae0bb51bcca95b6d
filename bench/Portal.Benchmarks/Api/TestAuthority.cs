using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Benchmarks.Api;

/// <summary>
/// An OIDC authority on Kestrel, as far as the API needs one: the discovery document and the signing
/// key, so the portal validates the access tokens it signs as it would a real provider's.
/// </summary>
internal sealed class TestAuthority : IAsyncDisposable
{
    private static readonly string[] _algorithms = ["RS256"];
    private readonly RSA _key = RSA.Create(2048);
    private readonly WebApplication _app;

    private TestAuthority(WebApplication app) => _app = app;

    public string Issuer { get; private set; } = "";

    public static async Task<TestAuthority> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var authority = new TestAuthority(builder.Build());
        authority._app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority.Issuer,
            ["jwks_uri"] = authority.Issuer + "jwks",
            ["authorization_endpoint"] = authority.Issuer + "authorize",
            ["token_endpoint"] = authority.Issuer + "token",
            ["id_token_signing_alg_values_supported"] = _algorithms,
        }));
        var key = authority._key.ExportParameters(includePrivateParameters: false);
        authority._app.MapGet("/jwks", () => Results.Json(new Dictionary<string, object>
        {
            ["keys"] = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "bench",
                    ["n"] = Base64UrlEncoder.Encode(key.Modulus), ["e"] = Base64UrlEncoder.Encode(key.Exponent),
                },
            },
        }));
        await authority._app.StartAsync();
        authority.Issuer = authority._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return authority;
    }

    public string AccessToken(string userId, string projectId, string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        Expires = DateTime.UtcNow.AddHours(2),
        Claims = new Dictionary<string, object> { ["sub"] = userId, ["project_id"] = projectId, ["role"] = role, ["name"] = userId },
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = "bench" }, SecurityAlgorithms.RsaSha256),
    });

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }
}
