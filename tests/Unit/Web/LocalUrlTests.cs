using Portal.Auth;

namespace Portal.Tests.Unit.Web;

/// <summary>Sign-in and sign-out never redirect off the site (open redirects).</summary>
public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/backups", "/backups")]
    [InlineData("/backups/abc?x=1", "/backups/abc?x=1")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("backups", "/")]
    [InlineData("/\t/evil.example/", "/")]
    [InlineData("/\r\n/evil.example/", "/")]
    [InlineData("/", "/")]
    [InlineData("/backups?name=备份", "/backups?name=%E5%A4%87%E4%BB%BD")]
    [InlineData("/backups?name=😀", "/backups?name=%F0%9F%98%80")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void OrRoot_KeepsOnlyPathsOnThisSite(string? returnUrl, string expected) => Assert.Equal(expected, LocalUrl.OrRoot(returnUrl));

    [Theory]
    [InlineData("/\t/evil.example/", true)]
    [InlineData("/backups\u0000", true)]
    [InlineData("/backups\u007f", true)]
    [InlineData("/backups\u0085", true)]
    [InlineData("/backups?name=备份", false)]
    [InlineData(null, false)]
    public void ControlCharacters_AreFound_ForA400(string? returnUrl, bool expected) => Assert.Equal(expected, LocalUrl.HasControlCharacter(returnUrl));
}
