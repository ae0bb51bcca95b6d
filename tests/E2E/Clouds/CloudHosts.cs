using System.Collections.Immutable;
using System.Text.Json;
using Portal.Cli;
using Portal.Core.Tenancy;
using Portal.Tests.Shared;

namespace Portal.Tests.E2E.Clouds;

/// <summary>A portal's Core on a database of its own, connected to the real cloud with the given settings.</summary>
internal static class CloudHosts
{
    public static Task<CoreTestHost> StartAsync(Dictionary<string, string?> cloud)
    {
        var settings = new Dictionary<string, string?>(CoreTestHost.NfsService);
        foreach (var (key, value) in cloud)
        {
            settings[key] = value;
        }
        return CoreTestHost.StartAsync(settings);
    }

    /// <summary>A record's fields as JSON texts, by key (Cinder moves updated_at on every export: tests compare the rest).</summary>
    public static ImmutableSortedDictionary<string, string> Fields(string backupUrl)
    {
        using var json = JsonDocument.Parse(Convert.FromBase64String(backupUrl));
        return json.RootElement.EnumerateObject().ToImmutableSortedDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
    }

    public static RequestContext Operator => RequestContext.Operator("operator") with { Channel = Channels.Sync };

    /// <summary>The command line in-process, on the host's database and configuration.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> CliAsync(CoreTestHost host, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await PortalCli.RunAsync(args, new CliConsole(new StringReader(""), output, error), host.Settings, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }
}
