using System.CommandLine;
using Portal.Core.Exporting;
using Portal.Core.Importing;
using Portal.Core.Tenancy;

namespace Portal.Cli;

/// <summary><c>export (--project P | --all) --file F</c>: every available backup as a line of JSON.</summary>
internal static class ExportCommand
{
    public static Command Create(CliServices services, CliConsole console)
    {
        var project = new Option<string?>("--project") { Description = "Export the available backups of this project." };
        var all = new Option<bool>("--all") { Description = "Export the available backups of every project." };
        var file = new Option<string>("--file") { Description = "Where to write the JSON lines; '-' writes to standard output.", Required = true };
        var command = new Command("export", "Export available backups as Cinder records, one {\"backup_service\", \"backup_url\"} a line.")
        {
            project, all, file,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(project) is null) == !result.GetValue(all))
            {
                result.AddError("Give either --project P or --all.");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var toStandardOutput = path == "-";
            await using var output = toStandardOutput ? null : new StreamWriter(path);
            var writer = output ?? console.Out;
            var exported = await services.Get<ExportService>().ExportManyAsync(
                RequestContext.Operator(Environment.UserName),
                parse.GetValue(project),
                (record, token) => new ValueTask(writer.WriteLineAsync(RecordFile.FormatLine(record.BackupService, record.BackupUrl).AsMemory(), token)),
                ct);
            if (!exported.IsSuccess)
            {
                await console.Error.WriteLineAsync($"{exported.Error.Code}: {exported.Error.Message}");
                return ExitCodes.Refused;
            }
            await (toStandardOutput ? console.Error : console.Out).WriteLineAsync($"Exported {exported.Value} record(s){(toStandardOutput ? "" : $" to {path}")}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
