namespace Portal.Auth;

/// <summary>
/// The identity provider (section <c>Auth</c>, contract §8). Claim names differ between providers
/// (Keycloak, Entra), so they are settings. The client secret comes from configuration only.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The OIDC authority; empty means the embedded development provider (Development only).</summary>
    public string? Authority { get; set; }

    public string ClientId { get; set; } = "portal";

    public string? ClientSecret { get; set; }

    public string UserIdClaim { get; set; } = "sub";

    public string ProjectIdClaim { get; set; } = "project_id";

    public string RoleClaim { get; set; } = "role";

    public string NameClaim { get; set; } = "name";

    /// <summary>True when the embedded development identity provider signs users in.</summary>
    public bool UsesDevelopmentProvider => string.IsNullOrWhiteSpace(Authority);

    /// <summary>Scopes asked for besides <c>openid</c>.</summary>
    public string Scopes { get; set; } = "profile roles project";
}
