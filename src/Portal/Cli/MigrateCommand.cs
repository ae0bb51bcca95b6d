using System.CommandLine;
using Portal.Core.Data;

namespace Portal.Cli;

internal static class MigrateCommand
{
    public static Command Create(CliServices services, CliConsole console)
    {
        var command = new Command("migrate", "Create or upgrade the database schema (ConnectionStrings:Portal).");
        command.SetAction(async (_, ct) =>
        {
            var applied = await services.Get<PortalDatabase>().MigrateAsync(ct);
            await console.Out.WriteLineAsync(applied.Count == 0
                ? "The database is up to date."
                : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
