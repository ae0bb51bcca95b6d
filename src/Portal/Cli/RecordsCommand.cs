using System.CommandLine;
using System.Text.Json.Nodes;
using Portal.Core.Importing;
using Portal.Core.Records;
using Portal.Core.Tenancy;

namespace Portal.Cli;

/// <summary>
/// <c>records check</c>: for each line of standard input, whether it would import, against the
/// configured database, writing nothing (not even audit entries).
/// </summary>
internal static class RecordsCommand
{
    public static Command Create(CliServices services, CliConsole console)
    {
        var project = new Option<string?>("--project") { Description = "Check as imports into this project. Without it, each record keeps its own owner." };
        var check = new Command("check", "Read JSON lines {\"backup_service\", \"backup_url\"} on standard input; write {line, ok, code, message, warnings, record} for every line, in order. Exit 0 when all would import, 1 when any would not.")
        {
            project,
        };
        check.SetAction(async (parse, ct) =>
        {
            var context = RequestContext.Operator(Environment.UserName);
            var target = parse.GetValue(project);
            var importer = services.Get<ImportService>();
            var allOk = true;
            await foreach (var line in RecordFile.ReadEveryLineAsync(console.In, ct))
            {
                CheckLine result;
                if (line.Request is not { } request)
                {
                    result = new CheckLine(line.LineNumber, false, line.Error!.Code, line.Error.Message, [], null);
                }
                else
                {
                    var plan = await importer.PlanAsync(context, request with { TargetProjectId = target, KeepRecordOwner = target is null }, ct);
                    result = new CheckLine(line.LineNumber, plan.CanImport, plan.Error?.Code, plan.Error?.Message, plan.Warnings,
                        plan.Decoded is null ? null : JsonNode.Parse(RecordEncoder.ToJson(plan.Decoded.Record), documentOptions: RecordLimits.Json));
                }
                allOk &= result.Ok;
                await console.Out.WriteLineAsync(CliJson.Line(result));
            }
            return allOk ? ExitCodes.Success : ExitCodes.Refused;
        });
        return new Command("records", "Work with backup records without importing them.") { check };
    }

    private sealed record CheckLine(int Line, bool Ok, string? Code, string? Message, IReadOnlyList<string> Warnings, JsonNode? Record);
}
