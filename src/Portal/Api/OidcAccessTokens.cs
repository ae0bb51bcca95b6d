using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Portal.Auth;
using Portal.Core.Tenancy;

namespace Portal.Api;

/// <summary>
/// Access tokens (JWTs) from the configured OIDC authority, on the API: signature and issuer from the
/// authority's discovery document, lifetime checked, the audience when <c>CinderApi:Audience</c> is
/// set; user, project and role from the same claims as the pages' sign-in. Off with the embedded
/// development provider, which issues no tokens meant for other parties.
/// </summary>
public sealed class OidcAccessTokens
{
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _authority;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly AuthOptions _auth;
    private readonly string? _audience;

    public OidcAccessTokens(AuthOptions auth, Microsoft.Extensions.Options.IOptions<CinderApiOptions> options)
    {
        _auth = auth;
        _audience = options.Value.Audience;
        if (!auth.UsesDevelopmentProvider)
        {
            var authority = new Uri(auth.Authority!.TrimEnd('/') + "/");
            _authority = new ConfigurationManager<OpenIdConnectConfiguration>(
                new Uri(authority, ".well-known/openid-configuration").ToString(),
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = !authority.IsLoopback });
        }
    }

    public async Task<RequestContext?> AuthenticateAsync(string token, string requestId, string? clientAddress, CancellationToken ct)
    {
        if (_authority is null || !_handler.CanReadToken(token))
        {
            return null;
        }
        var configuration = await _authority.GetConfigurationAsync(ct);
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateAudience = _audience is not null,
            ValidAudience = _audience,
            ValidateLifetime = true,
        });
        return result.IsValid
            ? PortalUser.ToContext(new ClaimsPrincipal(result.ClaimsIdentity), _auth, Channels.Api, clientAddress) with { RequestId = requestId }
            : null;
    }
}
