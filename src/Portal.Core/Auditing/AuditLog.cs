using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Auditing;

/// <summary>Appends to and verifies the hash-chained audit log.</summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>
    /// Starts appending within the caller's transaction: reads the chain's tail once, so a batch of
    /// entries links up without a query each. The transaction must hold the write lock, so no
    /// other writer can append in between.
    /// </summary>
    public static Task<AuditWriter> OpenWriterAsync(PortalDbContext db, CancellationToken ct) => OpenWriterAsync(db, track: true, ct);

    /// <param name="track">False to collect the entries for the caller to insert (bulk runs) instead of adding them to the context.</param>
    public static async Task<AuditWriter> OpenWriterAsync(PortalDbContext db, bool track, CancellationToken ct)
    {
        var tail = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => e.Hash)
            .FirstOrDefaultAsync(ct);
        return new AuditWriter(db, tail ?? AuditHash.Genesis, track);
    }

    /// <summary>Recomputes the chain from the first entry and reports the first that does not hold.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var expectedPrevious = AuditHash.Genesis;
        long checkedCount = 0;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (entry.PreviousHash != expectedPrevious)
            {
                return AuditVerification.Broken(checkedCount, entry.Sequence,
                    $"Entry {entry.Sequence} does not follow the entry before it: an entry was removed, inserted or altered there.");
            }
            if (AuditHash.Of(entry) != entry.Hash)
            {
                return AuditVerification.Broken(checkedCount, entry.Sequence,
                    $"Entry {entry.Sequence} was altered after it was written: its content no longer matches its hash.");
            }
            expectedPrevious = entry.Hash;
            checkedCount++;
        }
        return new AuditVerification(true, checkedCount, null, null);
    }
}

/// <summary>Appends entries to the chain inside one transaction.</summary>
public sealed class AuditWriter
{
    private readonly PortalDbContext _db;
    private readonly bool _track;
    private readonly List<AuditEntry> _appended = [];
    private string _tail;

    internal AuditWriter(PortalDbContext db, string tail, bool track)
    {
        _db = db;
        _tail = tail;
        _track = track;
    }

    /// <summary>The hash of the chain's last entry, the ones appended here included.</summary>
    public string Tail => _tail;

    /// <summary>The entries appended so far, in chain order.</summary>
    public IReadOnlyList<AuditEntry> Appended => _appended;

    public AuditEntry Append(AuditDraft draft, DateTime now)
    {
        // Whole milliseconds survive every database's timestamp type, so the hash can be recomputed.
        var occurredAt = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        var entry = AuditEntry.Create(draft, occurredAt, _tail);
        if (_track)
        {
            _db.AuditEntries.Add(entry);
        }
        _appended.Add(entry);
        _tail = entry.Hash;
        return entry;
    }
}

/// <summary>The result of checking the audit chain.</summary>
public sealed record AuditVerification(bool IsIntact, long EntriesChecked, long? FirstBrokenSequence, string? Problem)
{
    internal static AuditVerification Broken(long checkedCount, long sequence, string problem) => new(false, checkedCount, sequence, problem);
}
