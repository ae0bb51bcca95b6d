using Portal.Core.Data;

namespace Portal.Cli;

/// <summary>Why a command could not run, in an operator's words rather than a stack trace.</summary>
internal static class CliFailure
{
    public static string Describe(Exception e) => DatabaseFailures.Describe(e) ?? e.Message;
}
