using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core;
using Portal.Core.Backups;
using Portal.Core.BackupServices;
using Portal.Core.Data;
using Portal.Core.Importing;
using Portal.Core.Records;
using Portal.Core.Tenancy;

namespace Portal.Benchmarks;

/// <summary>
/// Bulk import throughput (every record decoded, checked, written and audited) beside plain inserts
/// of the same rows into the same schema, and the peak memory of importing a large file.
/// </summary>
internal static class BulkBenchmark
{
    private static readonly BackupServiceDefinition _service = new() { Driver = "cinder.backup.drivers.nfs.NFSBackupDriver", Host = "backuphost1" };

    public static async Task RunAsync(int records)
    {
        var file = await WriteFileAsync(records);
        Console.WriteLine($"engine: {EngineName}");
        Console.WriteLine($"file: {records:N0} records, {new FileInfo(file).Length / 1024 / 1024:N0} MiB of JSON lines (a quarter incremental, parents first)");

        var (imported, importSeconds) = await ImportAsync(file, NewDatabase("bulk"));
        Console.WriteLine($"bulk import (decode + checks + write + hash-chained audit, batches of 1,000): {imported:N0} records in {importSeconds:N1} s = {imported / importSeconds:N0} records/s");

        var (inserted, insertSeconds) = await PlainInsertAsync(file, NewDatabase("plain"));
        Console.WriteLine($"plain inserts of the same rows ({(PostgresServer is null ? "prepared INSERT" : "binary COPY")}, one transaction, no checks, no audit): {inserted:N0} rows in {insertSeconds:N1} s = {inserted / insertSeconds:N0} rows/s");
        Console.WriteLine($"bulk import / plain inserts: {(imported / importSeconds) / (inserted / insertSeconds):P0}");
        File.Delete(file);
    }

    /// <summary>Imports a file in this process and prints its peak working set: run it alone in a fresh process.</summary>
    public static async Task MeasureMemoryAsync(int records)
    {
        var file = await WriteFileAsync(records);
        var before = Process.GetCurrentProcess().PeakWorkingSet64;
        var (imported, seconds) = await ImportAsync(file, NewDatabase("memory"));
        Console.WriteLine($"GC: gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalMilliseconds:N0} ms, allocated {GC.GetTotalAllocatedBytes() / 1024 / 1024:N0} MiB");
        Console.WriteLine($"memory: imported {imported:N0} records in {seconds:N1} s ({imported / seconds:N0}/s); peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MiB (before the import: {before / 1024 / 1024:N0} MiB)");
        File.Delete(file);
    }

    /// <summary>A PostgreSQL server's connection string (no database) to measure on instead of SQLite.</summary>
    private static string? PostgresServer => Environment.GetEnvironmentVariable("BENCH_POSTGRES") is { Length: > 0 } server ? server : null;

    public static string EngineName => PostgresServer is null ? "SQLite" : "PostgreSQL";

    /// <summary>A new database's connection settings: a SQLite file, or a new database on the PostgreSQL server (migrating creates it).</summary>
    private static Dictionary<string, string?> NewDatabase(string name) => PostgresServer is { } server
        ? new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Portal"] = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = $"bench_{name}_{Guid.NewGuid():N}" }.ConnectionString,
        }
        : new()
        {
            ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"backupportal-bench-{name}-{Guid.NewGuid():N}.db")}",
        };

    private static ServiceProvider Services(Dictionary<string, string?> database)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(database)
        {
            ["BackupServices:0:Driver"] = _service.Driver,
            ["BackupServices:0:Host"] = _service.Host,
        }).Build();
        return new ServiceCollection().AddPortalCore(configuration).AddPortalDatabase(configuration).BuildServiceProvider();
    }

    private static async Task<(long Records, double Seconds)> ImportAsync(string file, Dictionary<string, string?> database)
    {
        await using var services = Services(database);
        await services.GetRequiredService<PortalDatabase>().MigrateAsync();
        await using var stream = File.OpenRead(file);
        var watch = Stopwatch.StartNew();
        var done = await services.GetRequiredService<BulkImportService>().ImportAsync(
            RequestContext.Operator("bench"), RecordFile.ReadAsync(stream), new BulkImportOptions { KeepRecordOwner = true },
            (_, _) => ValueTask.CompletedTask);
        var seconds = watch.Elapsed.TotalSeconds;
        if (done.Imported != done.Done)
        {
            throw new InvalidOperationException($"Only {done.Imported} of {done.Done} records imported.");
        }
        SqliteConnection.ClearAllPools();
        return (done.Imported, seconds);
    }

    /// <summary>The same rows, straight into the same table through the same prepared insert: no checks, no audit.</summary>
    private static async Task<(long Rows, double Seconds)> PlainInsertAsync(string file, Dictionary<string, string?> database)
    {
        await using var services = Services(database);
        await services.GetRequiredService<PortalDatabase>().MigrateAsync();
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var owner = new BackupOwner("u", "p");
        var now = DateTime.UtcNow;

        // Decoding is not timed: the rows are ready before the clock starts.
        var rows = new List<Backup>();
        foreach (var line in await File.ReadAllLinesAsync(file))
        {
            rows.Add(Backup.Import(RecordDecoder.Decode((string)JsonNode.Parse(line)!["backup_url"]!).Value.Record, owner, _service, now));
        }

        var inserter = BulkInserter<Backup>.For(db);
        var watch = Stopwatch.StartNew();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await inserter.InsertAsync(db, rows, CancellationToken.None);
        await transaction.CommitAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        SqliteConnection.ClearAllPools();
        return (rows.Count, seconds);
    }

    /// <summary>Valid Zed records, streamed to a file; every fourth is a full backup, the next three incremental on it.</summary>
    private static async Task<string> WriteFileAsync(int records)
    {
        var path = Path.Combine(Path.GetTempPath(), $"backupportal-bench-{records}-{Guid.NewGuid():N}.jsonl");
        await using var writer = new StreamWriter(path);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < records; i++)
        {
            var id = new Guid(i, 0x4e5f, 0x4a6b, 0x8c, 0x7d, 0x9e, 0x0f, 0x1a, 0x2b, 0x3c, 0x4d).ToString();
            var record = new BackupRecord
            {
                Id = id,
                UserId = "0123456789abcdef0123456789abcdef",
                ProjectId = $"project-{i % 50}",
                VolumeId = new Guid(i / 4, 0x1111, 0x4a6b, 0x8c, 0x7d, 0x9e, 0x0f, 0x1a, 0x2b, 0x3c, 0x4d).ToString(),
                Host = "old-host",
                AvailabilityZone = "nova",
                Container = "volumebackups",
                ParentId = i % 4 == 0 ? null : new Guid(i - 1, 0x4e5f, 0x4a6b, 0x8c, 0x7d, 0x9e, 0x0f, 0x1a, 0x2b, 0x3c, 0x4d).ToString(),
                Status = "available",
                Size = 1 + (i % 100),
                DisplayName = $"backup {i.ToString(CultureInfo.InvariantCulture)}",
                DisplayDescription = "nightly",
                ServiceMetadata = $"volume/{id}",
                Service = _service.Driver,
                ObjectCount = 12,
                DataTimestamp = start.AddMinutes(i),
                Metadata = BackupMetadata.Empty,
                CreatedAt = start.AddMinutes(i),
                UpdatedAt = start.AddMinutes(i + 5),
            };
            await writer.WriteLineAsync($"{{\"backup_service\": \"{_service.Driver}\", \"backup_url\": \"{RecordEncoder.Encode(record)}\"}}");
        }
        return path;
    }
}
