namespace Portal.Auth;

/// <summary>Return addresses after sign-in and sign-out stay on this site: no open redirects.</summary>
internal static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";
}
