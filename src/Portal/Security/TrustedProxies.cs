using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Portal.Security;

/// <summary>
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed only from the proxies an operator
/// names (<c>ForwardedHeaders:KnownProxies</c>, addresses; <c>ForwardedHeaders:KnownNetworks</c>, CIDR
/// ranges), loopback by default. ASP.NET Core's <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> alone trusts
/// every sender, so any client could claim any address (and pass the development provider's loopback
/// guard): the lists are set after it, whatever it cleared. <c>X-Forwarded-Host</c> is never read.
/// </summary>
public static class TrustedProxies
{
    public const string SectionName = "ForwardedHeaders";

    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SectionName);
        var proxies = Entries(section, "KnownProxies").Select(entry => IPAddress.TryParse(entry.Text, out var address)
            ? address : throw Invalid(entry, "an IP address, e.g. 10.0.0.5")).ToList();
        var networks = Entries(section, "KnownNetworks").Select(entry => System.Net.IPNetwork.TryParse(entry.Text, out var network)
            ? network : throw Invalid(entry, "a CIDR range, e.g. 10.0.0.0/24")).ToList();
        builder.Services.PostConfigure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Add(IPAddress.Loopback);
            options.KnownProxies.Add(IPAddress.IPv6Loopback);
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }

    /// <summary>
    /// Reads forwarded headers when a proxy is configured (or ASP.NET Core's switch is on, which adds
    /// the same middleware by itself); first, so everything after sees the client's address and scheme.
    /// </summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var section = app.Configuration.GetSection(SectionName);
        var aspNetSwitch = string.Equals(app.Configuration["FORWARDEDHEADERS_ENABLED"], "true", StringComparison.OrdinalIgnoreCase);
        if (!aspNetSwitch && (section.GetSection("KnownProxies").GetChildren().Any() || section.GetSection("KnownNetworks").GetChildren().Any()))
        {
            app.UseForwardedHeaders();
        }
        return app;
    }

    private static IEnumerable<(string Key, string Text)> Entries(IConfigurationSection section, string key) =>
        section.GetSection(key).GetChildren().Select(entry => ($"{SectionName}:{key}:{entry.Key}", entry.Value?.Trim() ?? ""));

    private static InvalidOperationException Invalid((string Key, string Text) entry, string expected) =>
        new($"{entry.Key} is '{entry.Text}', which is not {expected}.");
}
