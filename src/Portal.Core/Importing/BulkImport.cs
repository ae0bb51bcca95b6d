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
/// One batch about to commit, for a caller that keeps its own record of the run: what it writes
/// through <see cref="Db"/> commits or rolls back with the batch's backups and audit entries.
/// </summary>
public sealed class BulkBatch
{
    internal BulkBatch(Data.PortalDbContext db, IReadOnlyList<BulkItemResult> results, BulkProgress progress)
    {
        Db = db;
        Results = results;
        Progress = progress;
    }

    /// <summary>The batch's context, inside its transaction (a dry run's writes nothing else).</summary>
    public Data.PortalDbContext Db { get; }

    public IReadOnlyList<BulkItemResult> Results { get; }

    /// <summary>The run's counts with this batch.</summary>
    public BulkProgress Progress { get; }

    internal bool StopRequested { get; private set; }

    /// <summary>Ends the run once this batch has committed: a cancel that loses nothing in flight.</summary>
    public void StopAfterThis() => StopRequested = true;
}
