using Portal.Core.Tenancy;

namespace Portal.Api;

/// <summary>The Cinder-compatible API (<c>CinderApi</c> section).</summary>
public sealed class CinderApiOptions
{
    public const string SectionName = "CinderApi";

    /// <summary>
    /// Cinder's insecure noauth scheme: the token <c>user:project</c> is taken at its word. For tests
    /// against the real clients only; the portal refuses to start with it outside Development.
    /// </summary>
    public bool NoAuth { get; set; }

    /// <summary>Cinder's <c>osapi_max_limit</c>: the most backups a list answers at once (clients follow the next link).</summary>
    public int MaxLimit { get; set; } = 1000;

    /// <summary>The audience an OIDC access token must name to be accepted on the API; unset: any.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// The portal's public address (e.g. <c>https://portal.example.com</c>), which the API's links
    /// start with; unset, links take the request's host, so <c>AllowedHosts</c> must list the real ones.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// How many failed token authentications one client address may make per minute before the API
    /// answers 429 (guessing tokens); each failure is logged.
    /// </summary>
    public int FailedAuthPerMinute { get; set; } = 10;

    /// <summary>The role a noauth caller acts with.</summary>
    public string NoAuthRole { get; set; } = Roles.Member;
}
