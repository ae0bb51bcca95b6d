using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.Auth.DevIdp;

/// <summary>
/// An OpenID Connect provider embedded in the portal for development and tests: OpenIddict with
/// seeded users, served under <c>/dev-idp</c>, to loopback clients only. Debug builds only.
/// </summary>
public static class DevIdpExtensions
{
    public const string PathPrefix = "/dev-idp";
    public const string CookieScheme = "DevIdp.Cookie";
    public const string ClientId = "portal";

    /// <summary>Not a secret: this client exists only inside a development build, on loopback.</summary>
    public const string ClientSecret = "portal-dev-secret";

    public static IServiceCollection AddDevIdp(this IServiceCollection services)
    {
        // An in-memory database that lives as long as this one connection stays open.
        var connectionString = $"Data Source=devidp-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        var keepAlive = new SqliteConnection(connectionString);
        keepAlive.Open();
        services.AddSingleton(keepAlive);
        services.AddDbContext<DevIdpDbContext>(o => o.UseSqlite(connectionString).UseOpenIddict());

        services.AddAuthentication().AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "devidp.session";
            o.Cookie.Path = PathPrefix;
            o.LoginPath = PathPrefix + "/login";
        });

        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<DevIdpDbContext>())
            .AddServer(o =>
            {
                var prefix = PathPrefix.TrimStart('/') + "/";
                o.SetAuthorizationEndpointUris(prefix + "connect/authorize")
                    .SetTokenEndpointUris(prefix + "connect/token")
                    .SetEndSessionEndpointUris(prefix + "connect/endsession")
                    .SetConfigurationEndpointUris(prefix + ".well-known/openid-configuration")
                    .SetJsonWebKeySetEndpointUris(prefix + ".well-known/jwks");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.Configure(server => server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Roles, "project");
                o.RegisterClaims(Claims.Subject, Claims.Name, Claims.Role, "project_id");
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });
        services.AddHostedService<DevIdpSeeder>();
        return services;
    }

    /// <summary>
    /// Answers 404 to anyone not on this machine, before OpenIddict sees the request. A request that
    /// came through a proxy (it carries forwarded headers, read or not) is from elsewhere, whatever
    /// address it claims.
    /// </summary>
    public static IApplicationBuilder UseDevIdpLoopbackGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Request.Headers;
            var forwarded = headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("X-Original-For") || headers.ContainsKey("Forwarded");
            if (context.Request.Path.StartsWithSegments(PathPrefix)
                && (forwarded || context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote)))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(context);
        });

    public static IEndpointRouteBuilder MapDevIdp(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(PathPrefix).AllowAnonymous();
        group.MapGet("/login", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            LoginPage(context, antiforgery, returnUrl, error: null));
        group.MapPost("/login", LoginAsync).DisableAntiforgery();
        group.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)AuthorizeAsync);
        group.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)EndSessionAsync);
        return endpoints;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, IAntiforgery antiforgery)
    {
        // Checked by hand because this form is not a Razor component: protects against login CSRF.
        await antiforgery.ValidateRequestAsync(context);
        var form = await context.Request.ReadFormAsync();
        var returnUrl = form["returnUrl"].ToString();
        if (LocalUrl.HasControlCharacter(returnUrl))
        {
            return LocalUrl.Refusal();
        }
        var user = DevIdpUsers.All.FirstOrDefault(u => u.UserName == form["username"].ToString());
        var password = Encoding.UTF8.GetBytes(form["password"].ToString());
        if (user is null || !CryptographicOperations.FixedTimeEquals(password, Encoding.UTF8.GetBytes(user.UserName)))
        {
            return LoginPage(context, antiforgery, returnUrl, "Invalid user name or password.");
        }
        var identity = new ClaimsIdentity([new Claim(Claims.Subject, user.Subject)], CookieScheme);
        await context.SignInAsync(CookieScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(LocalUrl.OrRoot(returnUrl));
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await context.AuthenticateAsync(CookieScheme);
        var user = DevIdpUsers.All.FirstOrDefault(u => u.Subject == session.Principal?.FindFirstValue(Claims.Subject));
        if (user is null)
        {
            return Results.Challenge(
                new AuthenticationProperties { RedirectUri = context.Request.PathBase + context.Request.Path + context.Request.QueryString },
                [CookieScheme]);
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Subject)
            .SetClaim(Claims.Name, user.Name)
            .SetClaim(Claims.PreferredUsername, user.UserName)
            .SetClaim("project_id", user.ProjectId)
            .SetClaims(Claims.Role, [user.Role]);
        identity.SetScopes(request.GetScopes());
        // The portal reads these claims from the id_token.
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static IResult LoginPage(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = HtmlEncoder.Default;
        var users = string.Concat(DevIdpUsers.All.Select(u =>
            $"<tr><td><code>{html.Encode(u.UserName)}</code></td><td>{html.Encode(u.Name)}</td><td>{html.Encode(u.Role)}</td><td><code>{html.Encode(u.ProjectId)}</code></td></tr>"));
        var page = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in - development identity provider</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
              body { font-family: system-ui, sans-serif; margin: 0; background: #fafafa; color: #222; }
              .banner { background: #b71c1c; color: #fff; padding: 12px 20px; font-weight: 700; letter-spacing: .03em; }
              main { max-width: 30rem; margin: 2rem auto; padding: 0 1rem; }
              label { display: block; margin-top: 1rem; } input { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
              button { margin-top: 1.25rem; padding: .6rem 1.4rem; font-size: 1rem; background: #1565c0; color: #fff; border: 0; border-radius: 4px; }
              .error { color: #b71c1c; margin-top: 1rem; } table { border-collapse: collapse; margin-top: 1.5rem; width: 100%; }
              td, th { border-bottom: 1px solid #ddd; padding: .35rem; text-align: left; }
            </style></head>
            <body>
            <div class="banner" role="alert">DEVELOPMENT / DEMO IDENTITY PROVIDER - NOT FOR PRODUCTION USE</div>
            <main>
              <h1>Sign in to BackupPortal</h1>
              <form method="post" action="{{PathPrefix}}/login">
                <input type="hidden" name="{{html.Encode(tokens.FormFieldName)}}" value="{{html.Encode(tokens.RequestToken ?? "")}}">
                <input type="hidden" name="returnUrl" value="{{html.Encode(returnUrl ?? "/")}}">
                <label for="username">User name</label><input id="username" name="username" autocomplete="username" autofocus>
                <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
                {{(error is null ? "" : $"<p class=\"error\" role=\"alert\">{html.Encode(error)}</p>")}}
                <button type="submit">Sign in</button>
              </form>
              <table><caption>Demo users: the password is the user name</caption>
                <tr><th>User</th><th>Name</th><th>Role</th><th>Project</th></tr>{{users}}</table>
            </main></body></html>
            """;
        return Results.Content(page, "text/html; charset=utf-8");
    }
}
