using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Portal.Clouds;
using Portal.Core.Clouds;

namespace Portal.Tests.Unit.Core.Clouds;

/// <summary>A wrong <c>Clouds</c> entry is named with what to fix; noauth never runs outside Development.</summary>
public sealed class CloudConfigurationTests
{
    private static CloudOptions NoAuth(string name = "lab") => new() { Name = name, NoAuth = true, Endpoint = "http://127.0.0.1:8776/v3" };

    [Fact]
    public void NoAuth_is_refused_outside_Development_and_needs_an_endpoint_in_it()
    {
        Assert.Contains("Development only", CloudOptions.ProblemsOf([NoAuth()], isDevelopment: false)["lab"], StringComparison.Ordinal);
        Assert.Empty(CloudOptions.ProblemsOf([NoAuth()], isDevelopment: true));
        Assert.Contains("NoAuth needs Endpoint", CloudOptions.ProblemsOf([new CloudOptions { Name = "lab", NoAuth = true }], isDevelopment: true)["lab"], StringComparison.Ordinal);
    }

    [Fact]
    public void Each_entry_needs_a_name_Keystone_and_exactly_one_kind_of_credential()
    {
        var problems = CloudOptions.ProblemsOf(
        [
            new CloudOptions { Name = "no-keystone", Username = "portal", Password = "p", ProjectName = "admin" },
            new CloudOptions { Name = "both", AuthUrl = "http://k", Username = "portal", Password = "p", ProjectName = "admin", ApplicationCredentialId = "a", ApplicationCredentialSecret = "s" },
            new CloudOptions { Name = "no-secret", AuthUrl = "http://k", ApplicationCredentialId = "a" },
            new CloudOptions { Name = "no-project", AuthUrl = "http://k", Username = "portal", Password = "p" },
            new CloudOptions { Name = "fine", AuthUrl = "http://k", ApplicationCredentialId = "a", ApplicationCredentialSecret = "s" },
            new CloudOptions { Name = "fine", AuthUrl = "http://k", ApplicationCredentialId = "b", ApplicationCredentialSecret = "s" },
        ], isDevelopment: false);

        Assert.Contains("AuthUrl", problems["no-keystone"], StringComparison.Ordinal);
        Assert.Contains("either ApplicationCredentialId", problems["both"], StringComparison.Ordinal);
        Assert.Contains("ApplicationCredentialSecret is missing", problems["no-secret"], StringComparison.Ordinal);
        Assert.Contains("ProjectName", problems["no-project"], StringComparison.Ordinal);
        Assert.Contains("given twice", problems["fine"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_web_app_does_not_start_on_a_noauth_cloud_in_Production()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production, Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clouds:0:Name"] = "lab",
            ["Clouds:0:NoAuth"] = "true",
            ["Clouds:0:Endpoint"] = "http://127.0.0.1:8776/v3",
        });

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddClouds());

        Assert.Contains("Clouds:lab: NoAuth", refused.Message, StringComparison.Ordinal);
    }
}
