using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Backups;
using Portal.Core.BackupServices;
using Portal.Core.Data;
using Portal.Core.Records;

namespace Portal.Demo;

/// <summary>
/// Backups to look at on a fresh development database: three projects, full backups with
/// incremental chains, a few in other states. Made through the Core's own import of records,
/// so they look exactly like imported ones. Development only.
/// </summary>
public sealed partial class DemoData(IDbContextFactory<PortalDbContext> dbFactory, BackupServiceCatalog services, IOptions<DemoDataOptions> options, TimeProvider clock, ILogger<DemoData> logger)
{
    public static readonly IReadOnlyList<string> Projects = ["p-100", "p-200", "p-300"];
    private static readonly string[] _volumes = ["db", "web", "mail", "ci", "files"];

    public async Task SeedIfEmptyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!options.Value.Seed || services.Services.Count == 0 || await db.Backups.AnyAsync(ct))
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        // Whole seconds, as Cinder's database keeps them.
        var backups = Create(options.Value.FullBackupsPerProject, services.Services[0], now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)));
        db.Backups.AddRange(backups);
        await db.SaveChangesAsync(ct);
        LogSeeded(logger, backups.Count, Projects);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} demo backups in projects {Projects}.")]
    private static partial void LogSeeded(ILogger logger, int count, IEnumerable<string> projects);

    /// <summary>The demo backups: deterministic, so screenshots and tests see the same data every time.</summary>
    public static List<Backup> Create(int fullPerProject, BackupServiceDefinition service, DateTime now)
    {
        var random = new Random(20261124);
        var backups = new List<Backup>();
        foreach (var project in Projects)
        {
            for (var i = 0; i < fullPerProject; i++)
            {
                var volume = _volumes[i % _volumes.Length];
                var volumeId = DeterministicGuid(random);
                var created = now.AddDays(-(fullPerProject - i)).AddHours(-random.Next(0, 20));
                var full = Backup.Import(Record(random, $"{volume}-weekly-{i:000}", volumeId, null, created), Owner(project), service, now);
                backups.Add(full);
                for (var j = 1; j <= i % 4; j++)
                {
                    var parent = backups[^1];
                    backups.Add(Backup.Import(Record(random, $"{volume}-daily-{i:000}-{j}", volumeId, parent.Id, created.AddHours(6 * j)), Owner(project), service, now));
                }
            }
        }
        // A few backups in the states a real deployment has.
        string[] states = [BackupStatus.Error, BackupStatus.Creating, BackupStatus.Restoring];
        for (var k = 0; k < states.Length * Projects.Count; k++)
        {
            backups[(k * 37) % backups.Count].ChangeStatus(states[k % states.Length], now, states[k % states.Length] == BackupStatus.Error ? "demo: backup driver reported an error" : null);
        }
        return backups;
    }

    private static BackupOwner Owner(string project) => new($"u-demo-{project}", project);

    private static BackupRecord Record(Random random, string name, string volumeId, string? parentId, DateTime created)
    {
        var id = DeterministicGuid(random);
        return new BackupRecord
        {
            Id = id,
            VolumeId = volumeId,
            Container = "volumebackups",
            ParentId = parentId,
            Size = random.Next(1, 200),
            DisplayName = name,
            DisplayDescription = parentId is null ? "weekly full backup" : "daily incremental backup",
            ServiceMetadata = $"volume_{volumeId}/{created:yyyyMMddHHmmss}/az_nova_backup_{id}",
            ObjectCount = random.Next(1, 400),
            DataTimestamp = created,
            CreatedAt = created,
            Metadata = new BackupMetadata([KeyValuePair.Create("source", "demo")]),
        };
    }

    private static string DeterministicGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }
}
