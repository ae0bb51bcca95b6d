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

    /// <summary>The role a noauth caller acts with.</summary>
    public string NoAuthRole { get; set; } = Roles.Member;
}
