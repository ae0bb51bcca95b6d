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

    /// <summary>The role a noauth caller acts with.</summary>
    public string NoAuthRole { get; set; } = Roles.Member;
}
