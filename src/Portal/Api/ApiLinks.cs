using Microsoft.Extensions.Options;

namespace Portal.Api;

/// <summary>
/// The address the API's links start with (version discovery, a backup's links, the next page):
/// <c>CinderApi:PublicUrl</c> when set, so a forged <c>Host</c> header never ends up in a link; else
/// the request's own scheme, host and path base, which <c>AllowedHosts</c> should then restrict.
/// </summary>
public static class ApiLinks
{
    public static string Origin(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<CinderApiOptions>>().Value.PublicUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
