namespace Portal.Core.Tokens;

/// <summary><c>ApiTokens:CacheFor</c>: how long a token found in the database is trusted without reading it again.</summary>
public sealed class ApiTokenOptions
{
    public const string SectionName = "ApiTokens";

    /// <summary>
    /// Ten seconds by default: a token revoked on another instance (or from the command line) stops
    /// working within that time; zero reads the database on every request.
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(10);
}
