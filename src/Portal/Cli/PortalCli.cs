using System.CommandLine;
using Portal.Core;

namespace Portal.Cli;

/// <summary>
/// The operators' command line (contract §7): the same executable as the web app, the same Core
/// services and configuration (appsettings.json, environment variables).
/// </summary>
public static class PortalCli
{
    /// <summary>The explicit command for the web server (also what no command at all means).</summary>
    public const string Serve = "serve";

    private static readonly HashSet<string> _rootOptions = ["--help", "-h", "-?", "--version"];

    /// <summary>
    /// Whether the arguments ask for the web server: none at all, host options only (such as
    /// <c>--urls</c>), or <c>serve</c> and host options. Anything else is a command, known or not: a
    /// mistyped one fails with its usage instead of starting a server.
    /// </summary>
    public static bool IsWebServer(string[] args, out string[] webArguments)
    {
        webArguments = args is [Serve, .. var rest] ? rest : args;
        return args is [] or [Serve, ..] || (args[0].StartsWith('-') && !_rootOptions.Contains(args[0]));
    }

    /// <param name="settings">Configuration that overrides every other source (tests use it).</param>
    public static async Task<int> RunAsync(string[] args, CliConsole console, IReadOnlyDictionary<string, string?>? settings = null, CancellationToken ct = default)
    {
        var services = new CliServices(settings);
        try
        {
            var root = new RootCommand(
                "BackupPortal: import and export OpenStack Cinder backup records. With no command, or with 'serve' and host options " +
                "such as --urls, the web portal starts. Exit codes: 0 done, 1 some input refused, 2 wrong usage, 3 could not run.")
            {
                MigrateCommand.Create(services, console),
                ImportCommand.Create(services, console),
                ExportCommand.Create(services, console),
                RecordsCommand.Create(services, console),
                TokensCommand.Create(services, console),
                AuditCommand.Create(services, console),
                CloudCommand.Create(services, console),
                HealthCommand.Create(console),
            };
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var error in parsed.Errors)
                {
                    await console.Error.WriteLineAsync(error.Message);
                }
                await root.Parse([.. args.TakeWhile(a => !a.StartsWith('-')).Take(2), "--help"])
                    .InvokeAsync(new InvocationConfiguration { Output = console.Error, Error = console.Error }, ct);
                return ExitCodes.Usage;
            }
            // Exceptions are the commands' own to report: the default handler would print a stack
            // trace and exit 1, which means "refused" here.
            var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
            return await parsed.InvokeAsync(configuration, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await console.Error.WriteLineAsync($"The command could not run: {CliFailure.Describe(e)}");
            return ExitCodes.CouldNotRun;
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
