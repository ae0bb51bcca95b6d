using System.CommandLine;
using Portal.Core;

namespace Portal.Cli;

/// <summary>
/// The operators' command line (contract §7): the same executable as the web app, the same Core
/// services and configuration (appsettings.json, environment variables).
/// </summary>
public static class PortalCli
{
    private static readonly HashSet<string> _commands = ["migrate", "import", "export", "records", "tokens", "health", "--help", "-h", "-?", "--version"];

    /// <summary>Whether the arguments ask for a command rather than the web app.</summary>
    public static bool Handles(string[] args) => args.Length > 0 && _commands.Contains(args[0]);

    /// <param name="settings">Configuration that overrides every other source (tests use it).</param>
    public static async Task<int> RunAsync(string[] args, CliConsole console, IReadOnlyDictionary<string, string?>? settings = null, CancellationToken ct = default)
    {
        var services = new CliServices(settings);
        try
        {
            var root = new RootCommand("BackupPortal: import and export OpenStack Cinder backup records.")
            {
                MigrateCommand.Create(services, console),
                ImportCommand.Create(services, console),
                ExportCommand.Create(services, console),
                RecordsCommand.Create(services, console),
                TokensCommand.Create(services, console),
                HealthCommand.Create(console),
            };
            var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error };
            return await root.Parse(args).InvokeAsync(configuration, ct);
        }
        finally
        {
            await services.DisposeAsync();
        }
    }
}

/// <summary>Builds the Core services on first use, so that <c>--help</c> needs no database.</summary>
internal sealed class CliServices(IReadOnlyDictionary<string, string?>? settings) : IAsyncDisposable
{
    private IHost? _host;

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    private IHost Host => _host ??= Build();

    private IHost Build()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // appsettings.json sits beside the executable, wherever the operator runs it from.
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        // Standard output carries the commands' results; logs would corrupt it.
        builder.Logging.ClearProviders();
        builder.Services.AddPortalCore(builder.Configuration);
        builder.Services.AddPortalDatabase(builder.Configuration);
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
