using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E.Web;

/// <summary>
/// What a hostile page or a crafted link can do to a signed-in user in Chromium: nothing. Open
/// redirects, cross-site sign-out and downloads, and the content security policy the pages run under.
/// </summary>
[Collection(nameof(PortalServerCollection))]
public sealed class SecurityTests(PortalServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_RunUnderAContentSecurityPolicy_WithoutViolations()
    {
        var page = await server.SignInAsync("alice");
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };

        var headers = new List<Dictionary<string, string>>();
        foreach (var path in new[] { "/backups", "/import", "/admin/audit", "/admin/bulk-import", "/tokens" })
        {
            var response = await page.GotoAsync(server.BaseUrl + path);
            headers.Add(response!.Headers);
            await PortalServer.WaitForCircuitAsync(page);
        }
        await page.GotoAsync(server.BaseUrl + "/backups");
        await PortalServer.WaitForCircuitAsync(page);
        await page.Locator("tbody tr").First.WaitForAsync();

        Assert.Empty(violations);
        Assert.All(headers, h =>
        {
            Assert.Contains("script-src 'self'", h["content-security-policy"], StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", h["content-security-policy"], StringComparison.Ordinal);
            Assert.Equal("nosniff", h["x-content-type-options"]);
            Assert.Equal("same-origin", h["referrer-policy"]);
        });
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    public async Task SignIn_WithAReturnUrlOffTheSite_LandsOnThePortal(string returnUrl)
    {
        await using var context = await server.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);

        await page.GotoAsync($"{server.BaseUrl}/authentication/login?returnUrl={returnUrl}");
        var isLoginPage = await page.GetByLabel("User name").IsVisibleAsync();
        if (isLoginPage)
        {
            await page.GetByLabel("User name").FillAsync("bob");
            await page.GetByLabel("Password").FillAsync("bob");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.True(isLoginPage);
        Assert.Equal(new Uri(server.BaseUrl).Authority, new Uri(page.Url).Authority);
    }

    [Theory]
    [InlineData("/authentication/login?returnUrl=/backups%0d%0aSet-Cookie:%20x=1")]
    [InlineData("/authentication/login?returnUrl=/%0a/evil.example")]
    [InlineData("/authentication/login?returnUrl=/%09/evil.example/")]
    public async Task SignIn_WithControlCharactersInTheReturnUrl_IsABadRequest(string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("control characters", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithNonAsciiInTheReturnUrl_GoesThereEncoded()
    {
        await using var context = await server.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await PortalServer.SignInAsync(page, server.BaseUrl, "bob", "/backups");
        await page.GotoAsync($"{server.BaseUrl}/authentication/login?returnUrl=/backups?name=%E5%A4%87%E4%BB%BD");
        await page.WaitForURLAsync(url => url.Contains("/backups?name=", StringComparison.Ordinal));

        Assert.Equal("/backups?name=%E5%A4%87%E4%BB%BD", new Uri(page.Url).PathAndQuery);
    }

    /// <summary>A page on another site posts to sign-out and to the bulk export in the user's browser: both are refused.</summary>
    [Fact]
    public async Task AnotherSitesPage_CanNeitherSignTheUserOut_NorStartADownload()
    {
        var page = await server.SignInAsync("alice");
        var attacker = await page.Context.NewPageAsync();
        await attacker.RouteAsync("http://attacker.example/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"""
                <form id="out" method="post" action="{server.BaseUrl}/authentication/logout"></form>
                <script>document.getElementById('out').submit();</script>
                """,
        }));

        var signOut = await attacker.RunAndWaitForResponseAsync(
            () => attacker.GotoAsync("http://attacker.example/"), r => r.Url.EndsWith("/authentication/logout", StringComparison.Ordinal));
        var export = await page.Context.APIRequest.PostAsync(server.BaseUrl + "/admin/export.jsonl", new() { Form = page.Context.APIRequest.CreateFormData().Set("project", "p-100") });
        var exportByGet = await page.Context.APIRequest.GetAsync(server.BaseUrl + "/admin/export.jsonl");
        await page.GotoAsync(server.BaseUrl + "/backups");

        Assert.Equal(400, signOut.Status);
        Assert.Equal(400, export.Status);
        // No GET: the page router answers as for any address it does not have.
        Assert.Equal(404, exportByGet.Status);
        await Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
    }
}
