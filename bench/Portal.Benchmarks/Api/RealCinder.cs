using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Benchmarks.Api;

/// <summary>
/// The real Cinder (Debian's packages, noauth, PostgreSQL) started by the project's own launcher
/// (<c>scripts/cinder</c>), filled with exactly the portal's backups through its database.
/// </summary>
internal sealed class RealCinder : IAsyncDisposable
{
    private readonly string _directory;

    private RealCinder(string directory, string endpoint)
    {
        _directory = directory;
        Endpoint = endpoint;
    }

    /// <summary><c>http://127.0.0.1:PORT/v3</c>.</summary>
    public string Endpoint { get; }

    public static async Task<RealCinder> StartAsync(int workers)
    {
        var directory = Directory.CreateTempSubdirectory("backupportal-cinder-").FullName;
        var endpoint = (await ScriptAsync("start.sh", directory, $"{workers}")).Trim().Split('\n')[^1].Trim();
        return new RealCinder(directory, endpoint);
    }

    /// <summary>Replaces Cinder's backups with the portal's, row for row (the CSV convention is load-backups.sh's).</summary>
    public async Task LoadAsync(IDbContextFactory<PortalDbContext> portal)
    {
        var csv = Path.Combine(_directory, "backups.csv");
        await using (var writer = new StreamWriter(csv, append: false, new UTF8Encoding(false)))
        {
            await writer.WriteLineAsync("id,user_id,project_id,volume_id,host,availability_zone,display_name,display_description,container,status,fail_reason,service_metadata,service,size,object_count,parent_id,num_dependent_backups,created_at,updated_at,data_timestamp,snapshot_id,encryption_key_id");
            await using var db = await portal.CreateDbContextAsync();
            await foreach (var b in db.Backups.AsNoTracking().Where(b => !b.Deleted).OrderBy(b => b.CreatedAt).AsAsyncEnumerable())
            {
                await writer.WriteLineAsync(string.Join(',',
                    Text(b.Id), Text(b.UserId), Text(b.ProjectId), Text(b.VolumeId), Text(b.Host), Text(b.AvailabilityZone),
                    Text(b.DisplayName), Text(b.DisplayDescription), Text(b.Container), Text(b.Status), Text(b.FailReason),
                    Text(b.ServiceMetadata), Text(b.Service), Number(b.Size), Number(b.ObjectCount), Text(b.ParentId),
                    Number(b.NumDependentBackups), Time(b.CreatedAt), Time(b.UpdatedAt), Time(b.DataTimestamp), Text(b.SnapshotId), Text(b.EncryptionKeyId)));
            }
        }
        await ScriptAsync("load-backups.sh", _directory, csv);
    }

    public async ValueTask DisposeAsync()
    {
        await ScriptAsync("stop.sh", _directory);
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>PostgreSQL's CSV: an unquoted empty field is NULL, a quoted one the empty string.</summary>
    private static string Text(string? value) => value is null ? "" : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTime? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) ?? "";

    private static async Task<string> ScriptAsync(string script, params string[] arguments)
    {
        var path = Path.Combine(TableBenchmark.RepositoryRoot(), "scripts", "cinder", script);
        var start = new ProcessStartInfo("bash", [path, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
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
