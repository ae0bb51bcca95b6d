using System.CommandLine;
using Portal.Core.Auditing;

namespace Portal.Cli;

/// <summary><c>audit verify</c>: checks the audit log's hash chain, as the admin page does, from a shell or a cron job.</summary>
internal static class AuditCommand
{
    public static Command Create(CliServices services, CliConsole console)
    {
        var verify = new Command("verify", "Recompute the audit log's hash chain. Exit 0 when it holds, 1 when an entry was altered, removed or inserted (each is listed).");
        verify.SetAction(async (_, ct) =>
        {
            var verification = await services.Get<AuditLog>().VerifyAsync(ct);
            if (verification.IsIntact)
            {
                await console.Out.WriteLineAsync($"The audit chain is intact: {verification.EntriesChecked} entries checked.");
                return ExitCodes.Success;
            }
            foreach (var broken in verification.Breaks)
            {
                await console.Out.WriteLineAsync(broken.Problem);
            }
            var unlisted = verification.BrokenCount - verification.Breaks.Count;
            await console.Out.WriteLineAsync(
                $"The audit chain does not hold: {verification.BrokenCount} of {verification.EntriesChecked} entries, the first at entry {verification.FirstBrokenSequence}." +
                (unlisted > 0 ? $" {unlisted} more are not listed." : ""));
            return ExitCodes.Refused;
        });
        return new Command("audit", "Work with the audit log.") { verify };
    }
}
