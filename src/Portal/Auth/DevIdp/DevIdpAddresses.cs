using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Portal.Auth.DevIdp;

/// <summary>Where the embedded provider lives: this app's own loopback addresses, known once Kestrel listens.</summary>
internal static class DevIdpAddresses
{
    public static string Authority(IServer server) => BaseUrls(server)[0] + DevIdpExtensions.PathPrefix + "/";

    /// <summary>The app's addresses with wildcard hosts made concrete, 127.0.0.1 and localhost alike.</summary>
    public static IReadOnlyList<string> BaseUrls(IServer server)
    {
        var urls = new List<string>();
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            var uri = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal));
            foreach (var host in new[] { uri.Host, "127.0.0.1", "localhost" }.Distinct())
            {
                urls.Add($"{uri.Scheme}://{host}:{uri.Port}");
            }
        }
        // The in-memory test server has no addresses.
        return urls.Count == 0 ? ["http://localhost"] : urls.Distinct().ToList();
    }
}
