using System.Text;

namespace Portal.Auth;

/// <summary>
/// Return addresses after sign-in and sign-out stay on this site: no open redirects. The test is
/// ASP.NET Core's own (<c>IUrlHelper.IsLocalUrl</c>), which is not public outside MVC: a path that
/// starts with one '/', not "//" or "/\", and holds no control character, since browsers drop a tab or
/// a newline and read <c>/\t/evil.example</c> as <c>//evil.example</c>.
/// </summary>
internal static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !HasControlCharacter(url);

    public static bool HasControlCharacter(string? url) => url is not null && url.Any(char.IsControl);

    /// <summary>
    /// Where to send the user back to: the local URL, with any non-ASCII character percent-encoded
    /// (a Location header is ASCII), or the root for anything else. Callers refuse URLs with control
    /// characters first (<see cref="HasControlCharacter"/>), with a 400.
    /// </summary>
    public static string OrRoot(string? url) => IsLocal(url) ? AsciiOnly(url!) : "/";

    /// <summary>The answer to a return address with control characters: a 400 that says why.</summary>
    public static IResult Refusal() => Results.BadRequest(
        "The returnUrl holds control characters (a tab, a newline or the like), which no address on this site has. Sign in from the portal's own pages.");

    private static string AsciiOnly(string url)
    {
        if (url.All(char.IsAscii))
        {
            return url;
        }
        var encoded = new StringBuilder(url.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                encoded.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return encoded.ToString();
    }
}
