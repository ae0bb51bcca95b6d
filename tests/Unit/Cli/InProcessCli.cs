using Portal.Cli;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Cli;

/// <summary>The command line run in-process on a test host's database, with its input and both outputs as text.</summary>
internal static class InProcessCli
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(CoreTestHost host, string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await PortalCli.RunAsync(args, new CliConsole(new StringReader(input), output, error), host.Settings, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }
}
