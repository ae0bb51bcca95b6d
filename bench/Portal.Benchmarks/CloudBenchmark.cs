using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core;
using Portal.Core.Clouds.Restore;
using Portal.Core.Clouds.Runs;
using Portal.Core.Clouds.Sync;
using Portal.Core.Data;
using Portal.Core.Tenancy;

namespace Portal.Benchmarks;

/// <summary>
/// Sync and restore against the real Keystone and Cinder of the project's launchers: records a
/// second, and how much of each run is waiting for Cinder against the portal's own work. Cinder is
/// filled through its database (load-backups.sh) with backups of three projects; the restore after
/// its database is lost goes through import_record, one record at a time per worker, as it would.
/// </summary>
internal static class CloudBenchmark
{
    private static readonly string[] _projects = ["tenant1", "tenant2", "tenant3"];

    public static async Task RunAsync(int backups)
    {
        var directory = Directory.CreateTempSubdirectory("backupportal-cloud-bench-").FullName;
        var keystone = Path.Combine(directory, "ks");
        var cinder = Path.Combine(directory, "cinder");
        try
        {
            var started = Stopwatch.StartNew();
            var keystoneUrl = (await ScriptAsync("keystone/start.sh", [keystone])).Trim().Split('\n')[^1].Trim();
            await ScriptAsync("cinder/start.sh", [cinder], ("KEYSTONE_DIR", keystone));
            Console.WriteLine($"real Keystone + Cinder started in {started.Elapsed.TotalSeconds:N0} s; {Environment.ProcessorCount} cores");
            var identity = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(keystone, "keystone.json"))).RootElement;
            string[] projects = [.. _projects.Select(p => identity.GetProperty("projects").GetProperty(p).GetString()!)];
            await LoadAsync(cinder, backups, projects, identity.GetProperty("users").GetProperty("admin").GetString()!);
            Console.WriteLine($"Cinder holds {backups:N0} available backups in 3 projects (loaded through its database)");

            var database = Path.Combine(directory, "portal.db");
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Portal"] = $"Data Source={database}",
                ["Clouds:0:Name"] = "bench",
                ["Clouds:0:AuthUrl"] = keystoneUrl,
                ["Clouds:0:Username"] = "admin",
                ["Clouds:0:Password"] = identity.GetProperty("admin").GetProperty("password").GetString(),
                ["Clouds:0:ProjectName"] = "admin",
            };
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            await using var services = new ServiceCollection().AddPortalCore(configuration).AddPortalDatabase(configuration).BuildServiceProvider();
            await services.GetRequiredService<PortalDatabase>().MigrateAsync(CancellationToken.None);
            var context = RequestContext.Operator("bench");

            Report("sync, all new", await RunAsync(services, await services.GetRequiredService<CloudSyncService>().QueueAsync(context, "bench")));
            Report("sync, nothing changed", await RunAsync(services, await services.GetRequiredService<CloudSyncService>().QueueAsync(context, "bench")));
            var loss = Stopwatch.StartNew();
            await ScriptAsync("cinder/reset-db.sh", [cinder]);
            Console.WriteLine($"Cinder's database lost and Cinder back, empty, in {loss.Elapsed.TotalSeconds:N1} s");
            Report("sync after the loss", await RunAsync(services, await services.GetRequiredService<CloudSyncService>().QueueAsync(context, "bench")));
            var restores = services.GetRequiredService<CloudRestoreService>();
            Report("restore --missing --dry-run", await RunAsync(services, await restores.QueueAsync(context, "bench", new RestoreSelection { Missing = true }, dryRun: true)));
            Report("restore --missing", await RunAsync(services, await restores.QueueAsync(context, "bench", new RestoreSelection { Missing = true }, dryRun: false)));
        }
        finally
        {
            await ScriptAsync("keystone/stop.sh", [keystone, cinder]);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<CloudRun> RunAsync(ServiceProvider services, Portal.Core.Common.Result<CloudRun> queued) =>
        await services.GetRequiredService<CloudRunner>().RunAsync(queued.Value.Id, CancellationToken.None)
        ?? throw new InvalidOperationException("The run was taken by another runner.");

    private static void Report(string what, CloudRun run)
    {
        var records = run.Kind == CloudRunKinds.Restore ? run.Total ?? 0 : run.Listed;
        var seconds = run.ElapsedMilliseconds / 1000.0;
        var perRecordCinder = records == 0 ? 0 : run.CinderMilliseconds / (double)records;
        var perRecordPortal = records == 0 ? 0 : run.PortalMilliseconds / (double)records;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {run.Summary()}; {seconds:N1} s = {(seconds > 0 ? records / seconds : 0):N1} records/s; " +
            $"per record: waiting for Cinder {perRecordCinder:N1} ms, the portal's own work {perRecordPortal:N2} ms ({(perRecordCinder + perRecordPortal > 0 ? perRecordPortal / (perRecordCinder + perRecordPortal) : 0):P1})"));
    }

    /// <summary>Available posix backups of three projects, straight into Cinder's database (the CSV of load-backups.sh).</summary>
    private static async Task LoadAsync(string cinder, int backups, string[] projects, string user)
    {
        var csv = Path.Combine(cinder, "bench.csv");
        var text = new StringBuilder("id,user_id,project_id,volume_id,host,availability_zone,display_name,display_description,container,status,fail_reason,service_metadata,service,size,object_count,parent_id,num_dependent_backups,created_at,updated_at,data_timestamp,snapshot_id,encryption_key_id\n");
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < backups; i++)
        {
            var at = start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture,
                $"{Guid.NewGuid()},{user},{projects[i % 3]},{Guid.NewGuid()},\"backuphost1\",\"nova\",\"bench-{i}\",,,\"available\",,,\"cinder.backup.drivers.posix.PosixBackupDriver\",1,1,,0,{at},{at},{at},,\n");
        }
        await File.WriteAllTextAsync(csv, text.ToString());
        await ScriptAsync("cinder/load-backups.sh", [cinder, csv]);
    }

    private static async Task<string> ScriptAsync(string script, string[] arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TableBenchmark.RepositoryRoot(), "scripts", script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}):\n{await error}");
        }
        return output;
    }
}
