using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Tokens;
using Portal.Core.Tokens;

namespace Portal.Tests.Unit.Components;

public sealed class ApiTokensPageTests : PortalComponentTest
{
    [Fact]
    public async Task Create_ShowsTheSecretOnceWithItsUsage_AndRevokeEndsIt()
    {
        SignIn("u-bob", "p-100", "member");
        var providers = RenderProviders();
        var page = Render<ApiTokensPage>();

        page.Find("input[data-testid=token-name]").Input("laptop");
        page.Find("[data-testid=token-create]").Click();

        var secret = page.WaitForElement("input[data-testid=token-secret]").GetAttribute("value")!;
        Assert.StartsWith(ApiToken.SecretPrefix, secret, StringComparison.Ordinal);
        Assert.Contains($"export OS_TOKEN={secret}", page.Find("[data-testid=token-usage]").TextContent, StringComparison.Ordinal);
        Assert.Contains("/volume/v3/p-100", page.Find("[data-testid=token-usage]").TextContent, StringComparison.Ordinal);
        Assert.Equal("active", page.Find("[data-testid=token-status]").TextContent);
        var tokens = Services.GetRequiredService<ApiTokenService>();
        Assert.NotNull(await tokens.AuthenticateAsync(secret, "req", null, TestContext.Current.CancellationToken));

        // The one-time secret has a name for screen readers, and a copy button.
        Assert.Contains(page.FindAll("label"), l => l.TextContent.Trim() == "Token (shown once)");
        Assert.NotEmpty(page.FindAll("[aria-label='Copy the token']"));

        // Revoking asks first; "Cancel" leaves the token working.
        page.Find("[data-testid=token-revoke]").Click();
        providers.WaitForAssertion(() => Assert.Contains("cannot be undone", providers.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        providers.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        providers.WaitForAssertion(() => Assert.Empty(providers.FindAll(".mud-dialog")));
        Assert.Equal("active", page.Find("[data-testid=token-status]").TextContent);
        Assert.NotNull(await tokens.AuthenticateAsync(secret, "req", null, TestContext.Current.CancellationToken));

        page.Find("[data-testid=token-revoke]").Click();
        providers.WaitForAssertion(() => providers.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Revoke").Click());

        page.WaitForAssertion(() => Assert.Equal("revoked", page.Find("[data-testid=token-status]").TextContent));
        Assert.Null(await tokens.AuthenticateAsync(secret, "req", null, TestContext.Current.CancellationToken));
    }
}
