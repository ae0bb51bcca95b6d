using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Tenancy;
using Portal.Core.Tokens;
using Portal.Tests.E2E.Web;

namespace Portal.Tests.E2E.Api;

/// <summary>Debian's real <c>cinder</c> and <c>openstack</c> CLIs pointed at the running portal as member bob of p-100 sets them up.</summary>
public static class RealClis
{
    /// <summary><c>cinder</c> with noauth (the endpoint names the project, as Cinder's does).</summary>
    public static Task<ProcessResult> CinderAsync(PortalServer server, params string[] arguments) =>
        ProcessRunner.RunAsync("/usr/bin/cinder", arguments, environment: new Dictionary<string, string>
        {
            ["OS_AUTH_TYPE"] = "noauth",
            ["OS_USER_ID"] = "bob",
            ["OS_PROJECT_ID"] = "p-100",
            ["CINDER_ENDPOINT"] = $"{server.BaseUrl}/volume/v3/p-100",
        });

    /// <summary>An API token of bob's, as the token page issues it.</summary>
    public static async Task<string> TokenAsync(PortalServer server) =>
        (await server.Services.GetRequiredService<ApiTokenService>().CreateAsync(
            new RequestContext { UserId = "bob", ProjectId = "p-100", Roles = new HashSet<string> { Roles.Member }, Channel = Channels.Ui },
            "openstack e2e", TimeSpan.FromHours(1), TestContext.Current.CancellationToken)).Value.Secret;

    /// <summary><c>openstack</c> with an API token: the token page's recipe.</summary>
    public static Task<ProcessResult> OpenStackAsync(PortalServer server, string token, params string[] arguments) =>
        ProcessRunner.RunAsync("/usr/bin/openstack", arguments, environment: new Dictionary<string, string>
        {
            ["OS_AUTH_TYPE"] = "admin_token",
            ["OS_TOKEN"] = token,
            ["OS_ENDPOINT"] = $"{server.BaseUrl}/volume/v3/p-100",
        });
}
