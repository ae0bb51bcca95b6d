using System.CommandLine;
using System.Globalization;
using Portal.Core.Clouds;
using Portal.Core.Clouds.Sync;
using Portal.Core.Clouds.Vault;
using Portal.Core.Tenancy;

namespace Portal.Cli;

/// <summary>
/// <c>cloud list</c>, <c>cloud sync --cloud C</c>, <c>cloud drift --cloud C [--project P] [--list]</c>:
/// the connected clouds, their vault and what differs, from a shell or a cron job.
/// </summary>
internal static class CloudCommand
{
    public static Command Create(CliServices services, CliConsole console) =>
        new("cloud", "Work with the connected OpenStack clouds (Clouds:N:* in configuration) and the vault of their backup records.")
        {
            List(services, console),
            Sync(services, console),
            Drift(services, console),
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
            var syncs = services.Get<CloudSyncService>();
            var queued = await syncs.QueueAsync(RequestContext.Operator(Environment.UserName) with { Channel = Channels.Sync }, parse.GetValue(cloud)!, ct);
            if (!queued.IsSuccess)
            {
                await console.Error.WriteLineAsync($"{queued.Error.Code}: {queued.Error.Message}");
                return ExitCodes.CouldNotRun;
            }
            var progress = new Progress<CloudRun>(r => console.Error.WriteLine($"listed {r.Listed}: new {r.New}, changed {r.Changed}, unchanged {r.Unchanged}, failed {r.Failed}"));
            var run = await syncs.RunAsync(queued.Value.Id, ct, progress);
            if (run is null)
            {
                await console.Error.WriteLineAsync($"A sync of {queued.Value.Cloud} is running already (run {queued.Value.Id}, started by {queued.Value.ActorName ?? queued.Value.ActorUserId}); wait for it, or see the Clouds page.");
                return ExitCodes.CouldNotRun;
            }
            await using (var reportWriter = CliFiles.OpenReport(parse.GetValue(report)))
            {
                if (reportWriter is not null)
                {
                    foreach (var item in await syncs.ItemsAsync(run.Id, ct))
                    {
                        await reportWriter.WriteLineAsync(CliJson.Line(new { backup_id = item.BackupId, project_id = item.ProjectId, outcome = item.Outcome, code = item.Code, message = item.Message }));
                    }
                }
            }
            await console.Out.WriteLineAsync(
                $"{run.Cloud}: {run.Status}. Listed {run.Listed}: new {run.New}, changed {run.Changed}, unchanged {run.Unchanged}, not available {run.NotAvailable}, gone {run.Gone}, failed {run.Failed}" +
                $"{(run.EncodingDifferences > 0 ? $", {run.EncodingDifferences} whose portal encoding differs from Cinder's (see the report)" : "")}. " +
                $"{run.ElapsedMilliseconds / 1000.0:N1} s, {run.CinderMilliseconds / 1000.0:N1} s of it waiting for Cinder.{(run.Problem is null ? "" : " " + run.Problem)}");
            return run.Status != CloudRunStatuses.Completed ? ExitCodes.CouldNotRun : run.Failed > 0 ? ExitCodes.Refused : ExitCodes.Success;
        });
        return command;
    }

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
