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

/// <summary>What happened to one record of a bulk run.</summary>
public static class BulkOutcomes
{
    public const string Imported = "imported";
    public const string Revived = "revived";

    /// <summary>The same id with the same content is here already: nothing to do (a repeated run).</summary>
    public const string Unchanged = "unchanged";

    public const string Rejected = "rejected";
}

/// <param name="Line">The record's line (or item) number in the file.</param>
/// <param name="Outcome">One of <see cref="BulkOutcomes"/>.</param>
public sealed record BulkItemResult(int Line, string? BackupId, string Outcome, string? Code, string? Message, IReadOnlyList<string> Warnings);

/// <summary>Where a bulk run stands.</summary>
public sealed record BulkProgress(long Done, long Imported, long Revived, long Unchanged, long Rejected, TimeSpan Elapsed, bool Cancelled = false)
{
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    internal BulkProgress Count(string outcome) => (outcome switch
    {
        BulkOutcomes.Imported => this with { Imported = Imported + 1 },
        BulkOutcomes.Revived => this with { Revived = Revived + 1 },
        BulkOutcomes.Unchanged => this with { Unchanged = Unchanged + 1 },
        _ => this with { Rejected = Rejected + 1 },
    }) with { Done = Done + 1 };
}
