using System.CommandLine;
using Portal.Core.Importing;
using Portal.Core.Tenancy;

namespace Portal.Cli;

/// <summary><c>import --file F [--project P] [--dry-run] [--report R]</c>: import a file of records, one a line.</summary>
internal static class ImportCommand
{
    public static Command Create(CliServices services, CliConsole console)
    {
        var file = new Option<string>("--file") { Description = "JSON lines of {\"backup_service\": ..., \"backup_url\": ...}; '-' reads standard input.", Required = true };
        var project = new Option<string?>("--project") { Description = "Import on behalf of this project. Without it, each backup keeps the project and user of its record (database recovery)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every record against the database and report, writing nothing." };
        var report = new Option<string?>("--report") { Description = "Write a JSON line per record (line, backup_id, outcome, code, message, warnings) to this file." };
        var command = new Command("import", "Import backup records, each with Cinder's rules, in one transaction with its audit entry.")
        {
            file, project, dryRun, report,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = RequestContext.Operator(Environment.UserName);
            var request = new Target(parse.GetValue(project));
            var isDryRun = parse.GetValue(dryRun);
            var importer = services.Get<ImportService>();
            using var input = CliFiles.OpenInput(parse.GetValue(file)!, console);
            await using var reportWriter = CliFiles.OpenReport(parse.GetValue(report));
            var tally = new Dictionary<string, int>();

            await foreach (var line in RecordFile.ReadJsonLinesAsync(input, ct))
            {
                var outcome = await ImportLineAsync(line, request, isDryRun, context, importer, ct);
                tally[outcome.Outcome] = tally.GetValueOrDefault(outcome.Outcome) + 1;
                if (reportWriter is not null)
                {
                    await reportWriter.WriteLineAsync(CliJson.Line(outcome));
                }
            }

            var total = tally.Values.Sum();
            var summary = string.Join(", ", tally.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value}"));
            await console.Out.WriteLineAsync(total == 0
                ? "The file holds no records."
                : $"{total} record(s): {summary}.{(isDryRun ? " Dry run: nothing was written." : "")}");
            return tally.ContainsKey("rejected") || tally.ContainsKey("would_reject") ? 1 : 0;
        });
        return command;
    }

    private static async Task<ReportLine> ImportLineAsync(
        RecordFileLine line, Target target, bool dryRun, RequestContext context, ImportService importer, CancellationToken ct)
    {
        if (line.Request is not { } parsed)
        {
            if (!dryRun)
            {
                await importer.RejectUnreadableAsync(context, line.Text, line.Error!, ct);
            }
            return new ReportLine(line.LineNumber, null, dryRun ? "would_reject" : "rejected", line.Error!.Code, line.Error.Message, []);
        }

        var request = parsed with { TargetProjectId = target.ProjectId, KeepRecordOwner = target.ProjectId is null };
        if (dryRun)
        {
            var plan = await importer.PlanAsync(context, request, ct);
            var wouldDo = !plan.CanImport ? "would_reject" : plan.RevivesDeletedBackup ? "would_revive" : "would_import";
            return new ReportLine(line.LineNumber, plan.BackupId, wouldDo, plan.Error?.Code, plan.Error?.Message, plan.Warnings);
        }
        var result = await importer.ImportAsync(context, request, ct);
        return new ReportLine(line.LineNumber, result.Plan.BackupId, result.Outcome, result.Error?.Code, result.Error?.Message, result.Plan.Warnings);
    }

    private sealed record Target(string? ProjectId);

    private sealed record ReportLine(int Line, string? BackupId, string Outcome, string? Code, string? Message, IReadOnlyList<string> Warnings);
}
