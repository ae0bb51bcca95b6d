namespace Portal.Core.Importing;

/// <summary>How a bulk run imports: where the backups go, and whether it only looks.</summary>
public sealed record BulkImportOptions
{
    /// <summary>Import on behalf of this project; null with <see cref="KeepRecordOwner"/> false means the caller's project.</summary>
    public string? TargetProjectId { get; init; }

    /// <summary>Each backup keeps the project and user of its record (restoring a lost database).</summary>
    public bool KeepRecordOwner { get; init; }

    public string? ServiceHost { get; init; }

    /// <summary>Report what would happen to each record, writing nothing (not even audit entries).</summary>
    public bool DryRun { get; init; }

    /// <summary>Records per transaction.</summary>
    public int BatchSize { get; init; } = 1000;
}

/// <param name="Line">The record's line (or item) number in the file.</param>
/// <param name="Outcome">The audit log's word for what happened (<see cref="ImportOutcomeWords.Word"/>).</param>
public sealed record BulkItemResult(int Line, string? BackupId, string Outcome, string? Code, string? Message, IReadOnlyList<string> Warnings);

/// <summary>Where a bulk run stands.</summary>
public sealed record BulkProgress(long Done, long Imported, long Revived, long Unchanged, long Rejected, TimeSpan Elapsed, bool Cancelled = false)
{
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    internal BulkProgress Count(string outcome) => (outcome switch
    {
        Auditing.AuditOutcomes.Imported => this with { Imported = Imported + 1 },
        Auditing.AuditOutcomes.Revived => this with { Revived = Revived + 1 },
        Auditing.AuditOutcomes.Unchanged => this with { Unchanged = Unchanged + 1 },
        _ => this with { Rejected = Rejected + 1 },
    }) with { Done = Done + 1 };
}

/// <summary>
/// Keeps a bulk run's own record (its results and counts) in each batch's transaction, so they
/// commit or roll back with the batch's backups and audit entries. Internal: only Core's run
/// bookkeeping sees a batch's context; the doors get results and counts.
/// </summary>
internal interface IBatchJournal
{
    /// <returns>True to end the run once this batch has committed: a cancel that loses nothing in flight.</returns>
    Task<bool> RecordAsync(Data.PortalDbContext db, IReadOnlyList<BulkItemResult> results, BulkProgress progress, CancellationToken ct);
}
