using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core;
using Portal.Core.Auditing;
using Portal.Core.Backups;
using Portal.Core.BackupServices;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Importing;
using Portal.Core.Quotas;
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

    /// <summary>Records of the warm-up file each measured side runs once first.</summary>
    private const int WarmUpRecords = 20_000;

    /// <summary>Records per transaction, as a bulk run commits them.</summary>
    private const int BatchSize = 1_000;

    public static async Task RunAsync(int records)
    {
        var file = await WriteFileAsync(records);
        var warmUp = await WriteFileAsync(WarmUpRecords);
        Console.WriteLine($"engine: {EngineName}, {Environment.ProcessorCount} cores");
        Console.WriteLine($"file: {records:N0} records, {new FileInfo(file).Length / 1024 / 1024:N0} MiB of JSON lines (a quarter incremental, parents first)");

        // Each side runs once on a smaller file first, so that none is measured while the JIT still compiles it.
        await ImportAsync(warmUp, NewDatabase("warm-up"));
        await PlainInsertAsync(warmUp, NewDatabase("warm-up-plain"), withAudit: false);
        await PlainInsertAsync(warmUp, NewDatabase("warm-up-audited"), withAudit: true);
        Console.WriteLine($"warm-up: each side below ran once on {WarmUpRecords:N0} records first");

        var bulk = await ImportAsync(file, NewDatabase("bulk"));
        Console.WriteLine($"bulk import (decode + checks + write + hash-chained audit, batches of {BatchSize:N0}): {bulk.Count:N0} records in {bulk.Seconds:N1} s = {bulk.PerSecond:N0} records/s, {bulk.CpuSeconds / bulk.Seconds:N1} cores busy");

        var plain = await PlainInsertAsync(file, NewDatabase("plain"), withAudit: false);
        Console.WriteLine($"plain inserts of the same rows ({(PostgresServer is null ? "prepared INSERT" : "binary COPY")}, one transaction, no checks, no audit): {plain.Count:N0} rows in {plain.Seconds:N1} s = {plain.PerSecond:N0} rows/s");

        var audited = await PlainInsertAsync(file, NewDatabase("audited"), withAudit: true);
        Console.WriteLine($"the same rows with an audit entry each, both ready-made, batches of {BatchSize:N0} (the writes of an audited import, nothing else): {audited.PerSecond:N0} records/s = {audited.PerSecond / plain.PerSecond:P0} of plain inserts");
        Console.WriteLine($"bulk import / plain inserts: {bulk.PerSecond / plain.PerSecond:P0}");

        // No import can beat its writes plus its other work shared out over every core with nothing lost.
        var otherWork = await StageCostsAsync(warmUp);
        var bound = Math.Min(audited.PerSecond, Environment.ProcessorCount / ((1 / audited.PerSecond) + otherWork.TotalSeconds));
        Console.WriteLine($"upper bound for an audited import here (the writes on one core, the rest on all {Environment.ProcessorCount}, no collector, no contention): {bound:N0} records/s = {bound / plain.PerSecond:P0} of plain inserts");
        File.Delete(file);
        File.Delete(warmUp);
        DeleteDatabases();
    }

    /// <summary>Imports a file in this process and prints its peak working set: run it alone in a fresh process.</summary>
    public static async Task MeasureMemoryAsync(int records)
    {
        var file = await WriteFileAsync(records);
        var before = Process.GetCurrentProcess().PeakWorkingSet64;
        var (imported, seconds, _) = await ImportAsync(file, NewDatabase("memory"));
        Console.WriteLine($"GC: gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalMilliseconds:N0} ms, allocated {GC.GetTotalAllocatedBytes() / 1024 / 1024:N0} MiB");
        Console.WriteLine($"memory: imported {imported:N0} records in {seconds:N1} s ({imported / seconds:N0}/s); peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MiB (before the import: {before / 1024 / 1024:N0} MiB)");
        File.Delete(file);
        DeleteDatabases();
    }

    /// <summary>A PostgreSQL server's connection string (no database) to measure on instead of SQLite.</summary>
    private static string? PostgresServer => Environment.GetEnvironmentVariable("BENCH_POSTGRES") is { Length: > 0 } server ? server : null;

    public static string EngineName => PostgresServer is null ? "SQLite" : "PostgreSQL";

    /// <summary>A new database's connection settings: a SQLite file, or a new database on the PostgreSQL server (migrating creates it).</summary>
    private static Dictionary<string, string?> NewDatabase(string name)
    {
        if (PostgresServer is { } server)
        {
            return new()
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Portal"] = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = $"bench_{name}_{Guid.NewGuid():N}" }.ConnectionString,
            };
        }
        var path = Path.Combine(Path.GetTempPath(), $"backupportal-bench-{name}-{Guid.NewGuid():N}.db");
        _sqliteFiles.Add(path);
        return new() { ["ConnectionStrings:Portal"] = $"Data Source={path}" };
    }

    private static readonly List<string> _sqliteFiles = [];

    /// <summary>Deletes the SQLite files this run made (the PostgreSQL server is a throwaway one).</summary>
    private static void DeleteDatabases()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in _sqliteFiles.SelectMany(path => new[] { path, path + "-wal", path + "-shm", path + ".startup-lock" }))
        {
            File.Delete(file);
        }
        _sqliteFiles.Clear();
    }

    private static ServiceProvider Services(Dictionary<string, string?> database)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(database)
        {
            ["BackupServices:0:Driver"] = _service.Driver,
            ["BackupServices:0:Host"] = _service.Host,
        }).Build();
        return new ServiceCollection().AddPortalCore(configuration).AddPortalDatabase(configuration).BuildServiceProvider();
    }

    private static async Task<Measured> ImportAsync(string file, Dictionary<string, string?> database)
    {
        await using var services = Services(database);
        await services.GetRequiredService<PortalDatabase>().MigrateAsync();
        await using var stream = File.OpenRead(file);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var done = await services.GetRequiredService<BulkImportService>().ImportAsync(
            RequestContext.Operator("bench"), RecordFile.ReadAsync(stream), new BulkImportOptions { KeepRecordOwner = true },
            (_, _) => ValueTask.CompletedTask);
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        if (done.Imported != done.Done)
        {
            throw new InvalidOperationException($"Only {done.Imported} of {done.Done} records imported.");
        }
        SqliteConnection.ClearAllPools();
        return new Measured(done.Imported, seconds, cpuSeconds);
    }

    /// <param name="CpuSeconds">Processor time of the whole process while measured, every thread together.</param>
    private sealed record Measured(long Count, double Seconds, double CpuSeconds = 0)
    {
        public double PerSecond => Count / Seconds;
    }

    /// <summary>
    /// The same rows, straight into the same table through the same inserter as a bulk run: no
    /// checks. Plain: one transaction, no audit. With audit: each row's audit entry too, chained
    /// beforehand, committed in batches as a bulk run commits them.
    /// </summary>
    private static async Task<Measured> PlainInsertAsync(string file, Dictionary<string, string?> database, bool withAudit)
    {
        await using var services = Services(database);
        await services.GetRequiredService<PortalDatabase>().MigrateAsync();
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var owner = new BackupOwner("u", "p");
        var now = DateTime.UtcNow;

        // Decoding and chaining are not timed: the rows are ready before the clock starts.
        var rows = new List<Backup>();
        foreach (var line in await File.ReadAllLinesAsync(file))
        {
            rows.Add(Backup.Import(RecordDecoder.Decode((string)JsonNode.Parse(line)!["backup_url"]!).Value.Record, owner, _service, now));
        }
        var audit = await AuditLog.OpenWriterAsync(db, track: false, CancellationToken.None);
        if (withAudit)
        {
            var context = RequestContext.Operator("bench");
            foreach (var row in rows)
            {
                audit.Append(new AuditDraft(context, AuditActions.Import, AuditOutcomes.Imported)
                {
                    TargetProjectId = row.ProjectId,
                    BackupId = row.Id,
                    BackupService = _service.Driver,
                    BackupUrl = "",
                    BackupUrlSha256 = new string('0', 64),
                }, now);
            }
        }

        var backups = BulkInserter<Backup>.For(db);
        var auditEntries = BulkInserter<AuditEntry>.For(db);
        var watch = Stopwatch.StartNew();
        var batch = withAudit ? BatchSize : rows.Count;
        for (var start = 0; start < rows.Count; start += batch)
        {
            var count = Math.Min(batch, rows.Count - start);
            await using var transaction = await db.Database.BeginTransactionAsync();
            await backups.InsertAsync(db, rows.GetRange(start, count), CancellationToken.None);
            if (withAudit)
            {
                await auditEntries.InsertAsync(db, audit.Appended.Skip(start).Take(count).ToList(), CancellationToken.None);
            }
            await transaction.CommitAsync();
        }
        var seconds = watch.Elapsed.TotalSeconds;
        SqliteConnection.ClearAllPools();
        return new Measured(rows.Count, seconds);
    }

    /// <summary>
    /// What each step of a bulk run costs per record on one core, on records held in memory: the
    /// work besides the writes that the machine's cores share.
    /// </summary>
    /// <returns>The work of one record, every step together.</returns>
    private static async Task<TimeSpan> StageCostsAsync(string file)
    {
        await using var services = Services(NewDatabase("stages"));
        await services.GetRequiredService<PortalDatabase>().MigrateAsync();
        var planner = services.GetRequiredService<ImportPlanner>();
        var context = RequestContext.Operator("bench");
        var now = DateTime.UtcNow;
        var facts = new NothingThereYet();
        List<RecordFileLine> lines = [];
        List<Result<DecodedRecord>> decoded = [];
        List<string> digests = [];
        List<ImportPlan> plans = [];
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var audit = await AuditLog.OpenWriterAsync(db, track: false, CancellationToken.None);

        var records = File.ReadLines(file).Count();

        // Twice: the first round compiles, the second is printed.
        var perRecord = TimeSpan.Zero;
        for (var round = 0; round < 2; round++)
        {
            var costs = new List<string>();
            perRecord = TimeSpan.Zero;
            lines = await TimeAsync("read a line", async () =>
            {
                await using var stream = File.OpenRead(file);
                var read = new List<RecordFileLine>();
                await foreach (var line in RecordFile.ReadAsync(stream))
                {
                    read.Add(line);
                }
                return read;
            });
            decoded = await TimeAsync("decode", () => Task.FromResult(lines.Select(l => RecordDecoder.Decode(l.Request!.BackupUrl)).ToList()));
            digests = await TimeAsync("digest", () => Task.FromResult(lines.Select(l => Sha256Text.Hex(l.Request!.BackupUrl)).ToList()));
            plans = await TimeAsync("plan", async () =>
            {
                var planned = new List<ImportPlan>(lines.Count);
                for (var i = 0; i < lines.Count; i++)
                {
                    planned.Add(await planner.PlanAsync(facts, context, lines[i].Request! with { KeepRecordOwner = true }, decoded[i], now, describeFields: false, CancellationToken.None));
                }
                return planned;
            });
            await TimeAsync("audit entry", () => Task.FromResult(plans.Select((plan, i) =>
                audit.Append(ImportAudit.Draft(context, plan, digests[i]), now)).ToList()));
            if (round == 1)
            {
                Console.WriteLine($"work per record on one core, besides the writes: {string.Join(", ", costs)}; {perRecord.TotalMicroseconds:N1} µs in all");
            }

            async Task<T> TimeAsync<T>(string step, Func<Task<T>> work)
            {
                var watch = Stopwatch.StartNew();
                var result = await work();
                var cost = watch.Elapsed / records;
                perRecord += cost;
                costs.Add($"{step} {cost.TotalMicroseconds:N1} µs");
                return result;
            }
        }
        return perRecord;
    }

    /// <summary>A database without the run's backups and with room for all: what a restore into an empty database sees.</summary>
    private sealed class NothingThereYet : IImportFacts
    {
        public Task<Backup?> FindAsync(string id, CancellationToken ct) => Task.FromResult<Backup?>(null);

        public Task<bool> IsPresentAsync(string id, string projectId, CancellationToken ct) => Task.FromResult(true);

        public Task<QuotaImpact> QuotaAsync(string projectId, int addedBackups, long addedGigabytes, CancellationToken ct) =>
            Task.FromResult(new QuotaImpact(projectId, null, null, 0, 0, addedBackups, addedGigabytes));
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
