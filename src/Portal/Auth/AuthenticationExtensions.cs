using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Portal.Core.Tenancy;
#if DEV_IDP
using Microsoft.AspNetCore.Hosting.Server;
using Portal.Auth.DevIdp;
#endif

namespace Portal.Auth;

public static class AuthenticationExtensions
{
    /// <summary>
    /// Cookie sessions established through OpenID Connect, always: with no <c>Auth:Authority</c>,
    /// the embedded development provider is the authority, and only in Development, only in Debug builds.
    /// </summary>
    public static IHostApplicationBuilder AddPortalAuthentication(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.AddSingleton(options);
        var useDevIdp = string.IsNullOrWhiteSpace(options.Authority);
        if (useDevIdp)
        {
#if DEV_IDP
            if (!builder.Environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"Auth:Authority is not configured. The embedded development identity provider only runs in the Development environment, not in '{builder.Environment.EnvironmentName}'. " +
                    "Set Auth:Authority, Auth:ClientId and Auth:ClientSecret to your identity provider (Keycloak, Entra, ...).");
            }
            builder.Services.AddDevIdp();
            // Registered before AddOpenIdConnect so it runs before the handler builds its metadata manager.
            builder.Services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
                .PostConfigure<IServer>((oidc, server) =>
                {
                    oidc.Authority = DevIdpAddresses.Authority(server);
                    oidc.RequireHttpsMetadata = false;
                });
#else
            throw new InvalidOperationException(
                "Auth:Authority must be configured: this build contains no development identity provider. " +
                "Set Auth:Authority, Auth:ClientId and Auth:ClientSecret to your identity provider.");
#endif
        }

        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = "portal.auth";
                o.AccessDeniedPath = "/denied";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
            })
            .AddOpenIdConnect(o =>
            {
                o.Authority = options.Authority;
                o.ClientId = options.ClientId;
                o.ClientSecret = options.ClientSecret
#if DEV_IDP
                    ?? (useDevIdp ? DevIdpExtensions.ClientSecret : null)
#endif
                    ;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.Scope.Clear();
                o.Scope.Add("openid");
                foreach (var scope in options.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    o.Scope.Add(scope);
                }
                // Keep the provider's claim names (sub, role, project_id) rather than .NET's long URIs.
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = options.NameClaim;
                o.TokenValidationParameters.RoleClaimType = options.RoleClaim;
                o.SaveTokens = false;
                o.ClaimActions.DeleteClaims("oi_au_id", "oi_tkn_id");
                if (!useDevIdp)
                {
                    o.RequireHttpsMetadata = !(builder.Environment.IsDevelopment() && new Uri(options.Authority!).IsLoopback);
                }
            });
        if (!useDevIdp)
        {
            builder.Services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme).ValidateOnStart();
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<PortalUser>();
        return builder;
    }

    /// <summary>Login and logout are plain HTTP endpoints: the OIDC redirects need real requests, not a circuit.</summary>
    public static IEndpointRouteBuilder MapLoginAndLogout(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/authentication");
        group.MapGet("/login", (string? returnUrl) => LocalUrl.HasControlCharacter(returnUrl)
                ? LocalUrl.Refusal()
                : Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl.OrRoot(returnUrl) }))
            .AllowAnonymous();
        // Signs out of the portal and of the identity provider (its end-session endpoint). Only from
        // the portal's own form: a page on another site could otherwise sign the user out.
        group.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest("Sign out with the portal's own Sign out button: this request did not come from the portal's page.");
            }
            return LocalUrl.HasControlCharacter(returnUrl)
                ? LocalUrl.Refusal()
                : Results.SignOut(new AuthenticationProperties { RedirectUri = LocalUrl.OrRoot(returnUrl) },
                    [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
        });
        return endpoints;
    }
}
