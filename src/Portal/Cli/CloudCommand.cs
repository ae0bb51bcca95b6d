using System.CommandLine;
using System.Globalization;
using Portal.Core.Clouds;
using Portal.Core.Clouds.Restore;
using Portal.Core.Clouds.Runs;
using Portal.Core.Clouds.Sync;
using Portal.Core.Common;
using Portal.Core.Importing;
using Portal.Core.Clouds.Vault;
using Portal.Core.Tenancy;

namespace Portal.Cli;

/// <summary>
/// <c>cloud list</c>, <c>cloud sync --cloud C</c>, <c>cloud drift --cloud C [--project P] [--list]</c>,
/// <c>cloud restore --cloud C (--missing | --project P | --backup ID | --file F) [--dry-run]</c>: the
/// connected clouds, their vault, what differs and putting it back, from a shell or a cron job.
/// </summary>
internal static class CloudCommand
{
    public static Command Create(CliServices services, CliConsole console) =>
        new("cloud", "Work with the connected OpenStack clouds (Clouds:N:* in configuration) and the vault of their backup records.")
        {
            List(services, console),
            Sync(services, console),
            Drift(services, console),
            Restore(services, console),
        };

    private static Command List(CliServices services, CliConsole console)
    {
        var command = new Command("list", "Show every configured cloud: whether its Keystone and Cinder answer, the endpoint and microversion, and its vault. Exit 3 when one does not answer.");
        command.SetAction(async (_, ct) =>
        {
            var registry = services.Get<CloudRegistry>();
            if (registry.Names.Count == 0)
            {
                await console.Out.WriteLineAsync("No cloud is configured. Add Clouds:0:Name, Clouds:0:AuthUrl and its credentials (README, 'Connecting a cloud').");
                return ExitCodes.Success;
            }
            var allAnswer = true;
            foreach (var name in registry.Names)
            {
                var found = registry.Find(name);
                if (!found.IsSuccess)
                {
                    allAnswer = false;
                    await console.Out.WriteLineAsync($"{name}: {found.Error.Code}: {found.Error.Message}");
                    continue;
                }
                var health = await found.Value.CheckAsync(ct);
                var drift = await services.Get<CloudDrift>().ReportAsync(name, ct: ct);
                var vault = $"vault: {drift.InBoth + drift.VaultOnly} record(s), {drift.VaultOnly} not in Cinder, {drift.CinderOnly} in Cinder not in the vault; last sync {(drift.LastSync is { } last ? last.ToString("u", CultureInfo.InvariantCulture) : "never")}";
                allAnswer &= health.Answers;
                await console.Out.WriteLineAsync(health.Answers
                    ? $"{name}: answers, Cinder {health.Endpoint} (microversion {health.Microversion}); {vault}"
                    : $"{name}: does not answer: {health.Error!.Code}: {health.Error.Message}; {vault}");
            }
            return allAnswer ? ExitCodes.Success : ExitCodes.CouldNotRun;
        });
        return command;
    }

    private static Command Sync(CliServices services, CliConsole console)
    {
        var cloud = CloudOption();
        var report = new Option<string?>("--report") { Description = "Write a JSON line per backup the sync added, changed, found gone or failed on (backup_id, project_id, outcome, code, message)." };
        var command = new Command("sync", "Keep every available backup record of the cloud in the vault now: new and changed ones are exported from Cinder; backups Cinder no longer has are marked gone. Exit 1 when some backup failed, 3 when the cloud could not be listed.")
        {
            cloud, report,
        };
        command.SetAction(async (parse, ct) =>
        {
            var queued = await services.Get<CloudSyncService>().QueueAsync(Operator, parse.GetValue(cloud)!, ct);
            return await RunAsync(services, console, queued, parse.GetValue(report), ct);
        });
        return command;
    }

    private static Command Restore(CliServices services, CliConsole console)
    {
        var cloud = CloudOption();
        var missing = new Option<bool>("--missing") { Description = "Every record the vault holds that Cinder lacks (after a lost database: all of them)." };
        var project = new Option<string?>("--project") { Description = "The vault's records of this project (with --missing: only those Cinder lacks)." };
        var backups = new Option<string[]>("--backup") { Description = "These backups' vault records (repeat the option).", AllowMultipleArgumentsPerToken = true };
        var file = new Option<string?>("--file") { Description = "Records from a file instead (any shape 'import' reads); '-' reads standard input." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Compare with Cinder and plan, write nothing into Cinder." };
        var report = new Option<string?>("--report") { Description = "Write a JSON line per record (backup_id, project_id, outcome, code, message)." };
        var command = new Command("restore", "Put records back into the cloud's Cinder with import_record, each in its own project, parents first; wait for each to be available and verify it. " +
            "Exit 1 when a record was refused, clashed or failed, 3 when the restore could not run.")
        {
            cloud, missing, project, backups, file, dryRun, report,
        };
        command.Validators.Add(result =>
        {
            var chosen = new[] { result.GetValue(missing) || result.GetValue(project) is not null, (result.GetValue(backups)?.Length ?? 0) > 0, result.GetValue(file) is not null }.Count(c => c);
            if (chosen != 1)
            {
                result.AddError("Choose what to restore: --missing and/or --project P, or --backup ID ..., or --file F.");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            IReadOnlyList<CinderRecord>? records = null;
            if (parse.GetValue(file) is { } path)
            {
                using var input = CliFiles.OpenInput(path, console);
                var read = new List<CinderRecord>();
                await foreach (var line in RecordFile.ReadAsync(input, ct))
                {
                    if (line.Request is not { } request)
                    {
                        await console.Error.WriteLineAsync($"Line {line.LineNumber} of {path} is not a record: {line.Error?.Message} Nothing was restored.");
                        return ExitCodes.Refused;
                    }
                    read.Add(new CinderRecord(request.BackupService, request.BackupUrl));
                }
                records = read;
            }
            var selection = new RestoreSelection
            {
                Missing = parse.GetValue(missing),
                ProjectId = parse.GetValue(project),
                BackupIds = parse.GetValue(backups) ?? [],
                Records = records,
            };
            var queued = await services.Get<CloudRestoreService>().QueueAsync(Operator, parse.GetValue(cloud)!, selection, parse.GetValue(dryRun), ct);
            return await RunAsync(services, console, queued, parse.GetValue(report), ct);
        });
        return command;
    }

    /// <summary>Runs a queued run here and now, writes its report, prints its counts; the exit code says how it went.</summary>
    private static async Task<int> RunAsync(CliServices services, CliConsole console, Result<CloudRun> queued, string? reportPath, CancellationToken ct)
    {
        if (!queued.IsSuccess)
        {
            await console.Error.WriteLineAsync($"{queued.Error.Code}: {queued.Error.Message}");
            return ExitCodes.CouldNotRun;
        }
        var progress = new Progress<CloudRun>(r => console.Error.WriteLine(r.Summary()));
        var run = await services.Get<CloudRunner>().RunAsync(queued.Value.Id, ct, progress);
        if (run is null)
        {
            await console.Error.WriteLineAsync($"{CloudErrors.Busy(queued.Value.Cloud, queued.Value).Message}");
            return ExitCodes.CouldNotRun;
        }
        var items = await services.Get<CloudRunStore>().ItemsAsync(run.Id, ct);
        await using (var reportWriter = CliFiles.OpenReport(reportPath))
        {
            if (reportWriter is not null)
            {
                foreach (var item in items)
                {
                    await reportWriter.WriteLineAsync(CliJson.Line(new { backup_id = item.BackupId, project_id = item.ProjectId, outcome = item.Outcome, code = item.Code, message = item.Message }));
                }
            }
        }
        await console.Out.WriteLineAsync($"{run.Cloud}: {run.Kind} {run.Status}. {run.Summary()}. " +
            $"{run.ElapsedMilliseconds / 1000.0:N1} s; waiting for Cinder {run.CinderMilliseconds / 1000.0:N1} s, the portal's own work {run.PortalMilliseconds / 1000.0:N1} s.{(run.Problem is null ? "" : " " + run.Problem)}");
        foreach (var item in items.Where(i => i.Outcome is CloudRunOutcomes.Failed or CloudRunOutcomes.Refused or CloudRunOutcomes.Clash).Take(20))
        {
            await console.Out.WriteLineAsync($"  {item.BackupId} {item.Outcome}: {item.Code}: {item.Message}");
        }
        var troubled = run.Failed + run.Refused + run.Clashes > 0;
        return run.Status != CloudRunStatuses.Completed ? ExitCodes.CouldNotRun : troubled ? ExitCodes.Refused : ExitCodes.Success;
    }

    private static RequestContext Operator => RequestContext.Operator(Environment.UserName);

    private static Command Drift(CliServices services, CliConsole console)
    {
        var cloud = CloudOption();
        var project = new Option<string?>("--project") { Description = "Only this project." };
        var list = new Option<bool>("--list") { Description = "Also list the backups the vault holds that Cinder lacks, and those Cinder holds that the vault lacks." };
        var command = new Command("drift", "Show, per project, what the vault holds that Cinder lacks (after a database loss: everything) and what Cinder holds that the vault lacks, as of the last sync.")
        {
            cloud, project, list,
        };
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(cloud)!;
            var registry = services.Get<CloudRegistry>();
            if (!registry.Names.Contains(name))
            {
                var error = CloudErrors.NotFound(name, registry.Names);
                await console.Error.WriteLineAsync($"{error.Code}: {error.Message}");
                return ExitCodes.CouldNotRun;
            }
            var drift = services.Get<CloudDrift>();
            var projectId = parse.GetValue(project);
            var report = await drift.ReportAsync(name, projectId, ct);
            await console.Out.WriteLineAsync($"{name}, as of the last sync ({(report.LastSync is { } last ? last.ToString("u", CultureInfo.InvariantCulture) : "never")}):");
            await console.Out.WriteLineAsync($"{"project",-34} {"in both",8} {"vault only",11} {"Cinder only",12} {"gone",6}");
            foreach (var p in report.Projects)
            {
                await console.Out.WriteLineAsync($"{p.ProjectId ?? "(none)",-34} {p.InBoth,8} {p.VaultOnly,11} {p.CinderOnly,12} {p.Gone,6}");
            }
            await console.Out.WriteLineAsync($"{"total",-34} {report.InBoth,8} {report.VaultOnly,11} {report.CinderOnly,12} {report.Gone,6}");
            if (parse.GetValue(list))
            {
                foreach (var (presence, title) in new[] { (CloudPresence.VaultOnly, "vault only (a restore brings these back)"), (CloudPresence.CinderOnly, "Cinder only (not in the vault yet)") })
                {
                    var rows = await drift.ListAsync(name, presence, projectId, ct);
                    await console.Out.WriteLineAsync($"{title}: {rows.Count}");
                    foreach (var row in rows)
                    {
                        await console.Out.WriteLineAsync($"  {row.BackupId} {row.ProjectId} {row.CinderStatus}{(row.Problem is null ? "" : " - " + row.Problem)}");
                    }
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string> CloudOption() => new("--cloud") { Description = "The cloud's name (Clouds:N:Name).", Required = true };
}
