using System.Security.Cryptography;
using Portal.Core.Common;

namespace Portal.Core.Tokens;

/// <summary>
/// A token for the Cinder-compatible API, carrying a user, a project and a role. Only its SHA-256 is
/// kept: the secret is shown once, when it is created.
/// </summary>
public sealed class ApiToken
{
    /// <summary>Marks the portal's tokens among X-Auth-Token values (noauth and OIDC tokens look otherwise).</summary>
    public const string SecretPrefix = "bp_";

    private ApiToken()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string UserId { get; private set; } = "";

    public string ProjectId { get; private set; } = "";

    public string Role { get; private set; } = "";

    /// <summary>Hex SHA-256 of the secret.</summary>
    public string SecretHash { get; private set; } = "";

    /// <summary>The secret's first characters, so a person can tell their tokens apart.</summary>
    public string SecretStart { get; private set; } = "";

    /// <summary>Who created it: the user themselves, or an operator for a service account.</summary>
    public string CreatedBy { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime? ExpiresAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public bool IsUsable(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    internal static (ApiToken Token, string Secret) Create(string name, string userId, string projectId, string role, string createdBy, DateTime now, TimeSpan? lifetime)
    {
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(now),
            Name = name,
            UserId = userId,
            ProjectId = projectId,
            Role = role,
            SecretHash = HashOf(secret),
            SecretStart = secret[..(SecretPrefix.Length + 6)],
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = lifetime is { } span ? now + span : null,
        };
        return (token, secret);
    }

    internal void Revoke(DateTime now) => RevokedAt ??= now;

    internal static string HashOf(string secret) => Sha256Text.Hex(secret);
}
