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

    /// <summary>How many breaks a verification lists; it counts every one.</summary>
    public const int MaxBreaksListed = 100;

    /// <summary>
    /// Recomputes the chain from the first entry and reports every entry that does not hold. After a
    /// break it goes on from the stored hash, so one damaged entry cannot hide tampering after it.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var expectedPrevious = AuditHash.Genesis;
        long checkedCount = 0;
        long brokenCount = 0;
        var breaks = new List<AuditBreak>();
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            var problem = entry.PreviousHash != expectedPrevious
                ? $"Entry {entry.Sequence} does not follow the entry before it: an entry was removed, inserted or altered there."
                : AuditHash.Of(entry) != entry.Hash
                    ? $"Entry {entry.Sequence} was altered after it was written: its content no longer matches its hash."
                    : null;
            if (problem is not null && ++brokenCount <= MaxBreaksListed)
            {
                breaks.Add(new AuditBreak(entry.Sequence, problem));
            }
            expectedPrevious = entry.Hash;
            checkedCount++;
        }
        return new AuditVerification(checkedCount, brokenCount, breaks);
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

/// <summary>An entry where the chain does not hold, and how.</summary>
public sealed record AuditBreak(long Sequence, string Problem);

/// <summary>The result of checking the audit chain: every entry checked, the breaks counted and the first ones listed.</summary>
public sealed record AuditVerification(long EntriesChecked, long BrokenCount, IReadOnlyList<AuditBreak> Breaks)
{
    public bool IsIntact => BrokenCount == 0;

    public long? FirstBrokenSequence => Breaks.Count > 0 ? Breaks[0].Sequence : null;

    public string? Problem => Breaks.Count > 0 ? Breaks[0].Problem : null;
}
