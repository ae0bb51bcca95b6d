using Portal.Core.Auditing;
using System.CommandLine;
using Portal.Core.Importing;
using Portal.Core.Tenancy;

namespace Portal.Cli;

/// <summary><c>import --file F [--project P] [--dry-run] [--report R]</c>: import a file of records.</summary>
internal static class ImportCommand
{
    public static Command Create(CliServices services, CliConsole console)
    {
        var file = new Option<string>("--file") { Description = "Records as JSON lines, a JSON array, 'openstack ... -f json' output, or CSV (backup_service,backup_url); '-' reads standard input.", Required = true };
        var project = new Option<string?>("--project") { Description = "Import on behalf of this project. Without it, each backup keeps the project and user of its record (database recovery)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every record against the database and report, writing nothing." };
        var report = new Option<string?>("--report") { Description = "Write a JSON line per record (line, backup_id, outcome, code, message, warnings) to this file." };
        var command = new Command("import", "Import backup records with Cinder's rules: parents before children, each batch in one transaction with its audit entries.")
        {
            file, project, dryRun, report,
        };
        command.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(project);
            var options = new BulkImportOptions { TargetProjectId = target, KeepRecordOwner = target is null, DryRun = parse.GetValue(dryRun) };
            using var input = CliFiles.OpenInput(parse.GetValue(file)!, console);
            await using var reportWriter = CliFiles.OpenReport(parse.GetValue(report));

            var done = await services.Get<BulkImportService>().ImportAsync(
                RequestContext.Operator(Environment.UserName),
                RecordFile.ReadAsync(input, ct),
                options,
                async (result, token) =>
                {
                    if (reportWriter is not null)
                    {
                        await reportWriter.WriteLineAsync(CliJson.Line(result).AsMemory(), token);
                    }
                },
                ct: ct);

            var counts = new[] { (AuditOutcomes.Imported, done.Imported), (AuditOutcomes.Revived, done.Revived), (AuditOutcomes.Unchanged, done.Unchanged), (AuditOutcomes.Rejected, done.Rejected) }
                .Where(c => c.Item2 > 0).Select(c => $"{c.Item1} {c.Item2}");
            await console.Out.WriteLineAsync(done.Done == 0
                ? "The file holds no records."
                : $"{done.Done} record(s): {string.Join(", ", counts)}. {done.RecordsPerSecond:N0} records/s.{(options.DryRun ? " Dry run: nothing was written." : "")}");
            return done.Rejected > 0 ? ExitCodes.Refused : ExitCodes.Success;
        });
        return command;
    }
}
