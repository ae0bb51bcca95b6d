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
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void OrRoot_KeepsOnlyPathsOnThisSite(string? returnUrl, string expected) => Assert.Equal(expected, LocalUrl.OrRoot(returnUrl));
}
