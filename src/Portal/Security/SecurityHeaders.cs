using Portal.Api;
using Portal.Auth;

namespace Portal.Security;

/// <summary>
/// The headers that keep pages from being framed, sniffed or leaking addresses, and a content
/// security policy that Blazor Server and MudBlazor work under: scripts only from this site (no
/// inline script; Blazor's import map is left out for that reason), styles inline too (MudBlazor
/// styles elements through their style attribute), the circuit's WebSocket to this site, forms
/// (and the redirects after them, such as sign-out's) only to this site and the identity provider.
/// The API answers JSON to programs: it gets <c>nosniff</c> only; so does the development identity
/// provider (never in a Release build), whose OpenIddict answer posts the sign-in back with an inline
/// script, as any identity provider's own page does.
/// </summary>
public static class SecurityHeaders
{
    private const string DevelopmentProviderPrefix = "/dev-idp";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var authority = app.Services.GetRequiredService<AuthOptions>().Authority;
        var formTargets = Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? $"'self' {uri.GetLeftPart(UriPartial.Authority)}" : "'self'";
        var policy = string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            $"form-action {formTargets}",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'");
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (!context.Request.Path.StartsWithSegments(CinderApiEndpoints.Prefix) && !context.Request.Path.StartsWithSegments(DevelopmentProviderPrefix))
            {
                headers.ContentSecurityPolicy = policy;
                headers["Referrer-Policy"] = "same-origin";
            }
            return next(context);
        });
        return app;
    }
}
