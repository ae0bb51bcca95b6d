using Portal.Core.Clouds;
using Portal.Core.Common;

namespace Portal.Tests.E2E.Clouds;

/// <summary>The portal signs in to a real Keystone and finds the real Cinder through its catalog.</summary>
[Collection(nameof(RealOpenStackCollection))]
public sealed class KeystoneConnectionTests(RealOpenStack openStack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_application_credential_finds_Cinder_in_the_catalog_and_negotiates_the_microversion()
    {
        await using var host = await CloudHosts.StartAsync(openStack.ApplicationCredentialCloud());
        var cinder = host.Get<CloudRegistry>().Find("lab").Value;

        var health = await cinder.CheckAsync(Ct);
        var token = await cinder.Session.TokenAsync(null, Ct);

        Assert.True(health.Answers, health.Error?.Message);
        var port = openStack.Identity.GetProperty("cinder_port").GetInt32();
        Assert.Equal($"http://127.0.0.1:{port}/v3/{openStack.ProjectId("admin")}", health.Endpoint);
        Assert.Equal("3.70", health.Microversion);
        Assert.Equal(openStack.ProjectId("admin"), token.ProjectId);
        Assert.Contains("admin", token.Roles);
        Assert.True(token.ExpiresAt > DateTime.UtcNow.AddMinutes(30), $"expires {token.ExpiresAt:u}");
    }

    [Fact]
    public async Task A_user_and_password_get_tokens_scoped_to_each_project_they_have_a_role_in()
    {
        await using var host = await CloudHosts.StartAsync(openStack.PasswordCloud());
        var cinder = host.Get<CloudRegistry>().Find("lab").Value;

        var own = await cinder.Session.TokenAsync(null, Ct);
        var tenant = await cinder.Session.TokenAsync(openStack.ProjectId("tenant1"), Ct);
        var again = await cinder.Session.TokenAsync(openStack.ProjectId("tenant1"), Ct);

        Assert.Equal(openStack.ProjectId("admin"), own.ProjectId);
        Assert.Equal(openStack.ProjectId("tenant1"), tenant.ProjectId);
        Assert.EndsWith("/" + openStack.ProjectId("tenant1"), cinder.Session.ProjectUrl(tenant), StringComparison.Ordinal);
        Assert.Same(tenant, again);
        Assert.Equal(2, cinder.Session.TokensIssued);
    }

    [Fact]
    public async Task A_token_is_issued_anew_before_it_expires_and_the_new_one_works()
    {
        await using var host = await CloudHosts.StartAsync(openStack.PasswordCloud());
        var cinder = host.Get<CloudRegistry>().Find("lab").Value;
        var first = await cinder.Session.TokenAsync(null, Ct);

        host.Clock.SetUtcNow(first.ExpiresAt.AddMinutes(-4));
        var second = await cinder.Session.TokenAsync(null, Ct);
        var page = await cinder.ListAsync(null, 1, Ct);

        Assert.NotEqual(first.Value, second.Value);
        Assert.Equal(2, cinder.Session.TokensIssued);
        Assert.Single(page.Backups);
    }

    [Fact]
    public async Task A_wrong_secret_is_a_clear_error_and_the_cloud_shows_as_not_answering()
    {
        await using var host = await CloudHosts.StartAsync(openStack.ApplicationCredentialCloud(secret: "not-the-secret"));
        var cinder = host.Get<CloudRegistry>().Find("lab").Value;

        var health = await cinder.CheckAsync(Ct);
        var (exitCode, output, _) = await CloudHosts.CliAsync(host, "cloud", "list");

        Assert.False(health.Answers);
        Assert.Equal(ErrorCodes.CloudAuthFailed, health.Error!.Code);
        Assert.Contains("HTTP 401", health.Error.Message, StringComparison.Ordinal);
        Assert.Contains("ApplicationCredentialSecret", health.Error.Message, StringComparison.Ordinal);
        Assert.Equal(3, exitCode);
        Assert.Contains("lab: does not answer: cloud.auth_failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Keystone_that_does_not_answer_is_reported_with_its_address()
    {
        await using var host = await CloudHosts.StartAsync(openStack.PasswordCloud(authUrl: "http://127.0.0.1:9/v3"));
        var cinder = host.Get<CloudRegistry>().Find("lab").Value;

        var health = await cinder.CheckAsync(Ct);

        Assert.False(health.Answers);
        Assert.Equal(ErrorCodes.CloudUnreachable, health.Error!.Code);
        Assert.Contains("http://127.0.0.1:9/v3", health.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_or_misconfigured_cloud_says_what_to_set()
    {
        var settings = openStack.PasswordCloud();
        settings["Clouds:1:Name"] = "broken";
        settings["Clouds:1:AuthUrl"] = openStack.KeystoneUrl;
        await using var host = await CloudHosts.StartAsync(settings);
        var registry = host.Get<CloudRegistry>();

        var unknown = registry.Find("nowhere");
        var broken = registry.Find("broken");

        Assert.Equal(ErrorCodes.CloudNotFound, unknown.Error.Code);
        Assert.Contains("lab, broken", unknown.Error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.CloudMisconfigured, broken.Error.Code);
        Assert.Contains("ApplicationCredentialId", broken.Error.Message, StringComparison.Ordinal);
    }
}
