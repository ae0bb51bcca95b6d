using Portal.Core.Backups;
using Portal.Core.BackupServices;
using Portal.Core.Common;
using Portal.Core.Quotas;
using Portal.Core.Records;

namespace Portal.Core.Importing;

/// <summary>
/// Everything an import would do, evaluated against the live database before anything is
/// written: the wizard's preview and a dry run show exactly this; an import commits it.
/// </summary>
public sealed record ImportPlan
{
    public required ImportRequest Request { get; init; }

    /// <summary>The decoded record, when it could be decoded.</summary>
    public DecodedRecord? Decoded { get; init; }

    /// <summary>The first failed check in contract order, or null when the import can go ahead.</summary>
    public Error? Error { get; init; }

    /// <summary>Each check of contract §3, in order, with its outcome.</summary>
    public IReadOnlyList<ImportCheck> Checks { get; init; } = [];

    /// <summary>Accepted oddities: unknown keys, a parent not present, and so on.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public BackupServiceDefinition? Service { get; init; }

    public BackupOwner? Owner { get; init; }

    /// <summary>What committing this plan writes (or, rejected, why it writes nothing but its audit entry).</summary>
    public ImportOutcome Outcome { get; init; } = ImportOutcome.Rejected;

    /// <summary>True when the import brings a soft-deleted backup with the same id back.</summary>
    public bool RevivesDeletedBackup => Outcome == ImportOutcome.Revived;

    /// <summary>
    /// True when a backup with this id exists already with exactly what this import would write:
    /// importing the same record twice is refused (<c>import.already_exists</c>) but changes nothing.
    /// </summary>
    public bool IsUnchanged => Outcome == ImportOutcome.Unchanged;

    /// <summary>
    /// The error this attempt reports in the audit log and a run's results: none for an identical
    /// repeat (refused to the caller as <c>import.already_exists</c>, yet nothing is wrong with it).
    /// </summary>
    public Error? ReportedError => IsUnchanged ? null : Error;

    /// <summary>An importable incremental backup whose parent is not there (yet): a bulk run retries it after the others.</summary>
    public bool WaitsForParent => CanImport && Checks.Any(c => c is { Name: ImportCheckNames.Parent, Outcome: CheckOutcome.Warning });

    public QuotaImpact? Quota { get; init; }

    /// <summary>For every field, what the record says and what will be stored.</summary>
    public IReadOnlyList<FieldChange> Fields { get; init; } = [];

    public bool CanImport => Error is null;

    /// <summary>The backup id, when the record could be decoded.</summary>
    public string? BackupId => Decoded is null ? null : Backup.NormalizeId(Decoded.Record.Id);

    /// <summary>
    /// The row the plan writes: the new backup (<see cref="ImportOutcome.Imported"/>), or the
    /// soft-deleted one, tracked by the planning context, to revive (<see cref="ImportOutcome.Revived"/>).
    /// </summary>
    internal Backup? Row { get; init; }
}

/// <summary>The names of the checks, in the order they run.</summary>
public static class ImportCheckNames
{
    public const string Policy = "policy";
    public const string Record = "record";
    public const string Owner = "owner";
    public const string BackupService = "backup_service";
    public const string Id = "id";
    public const string Quota = "quota";
    public const string Parent = "parent";
}

public enum CheckOutcome
{
    Passed,
    Failed,
    Warning,
}

public sealed record ImportCheck(string Name, CheckOutcome Outcome, string Detail);

/// <summary>What happens to a field: kept as the record has it, replaced by the portal, defaulted because the record lacks it, or ignored.</summary>
public enum FieldFate
{
    Kept,
    Replaced,
    Defaulted,
    Ignored,
}

/// <param name="Key">The record key.</param>
/// <param name="Fate">What the import does with it.</param>
/// <param name="RecordValue">The record's value as JSON, or null when the record lacks the key.</param>
/// <param name="StoredValue">The value that will be stored, as JSON; null for ignored keys.</param>
public sealed record FieldChange(string Key, FieldFate Fate, string? RecordValue, string? StoredValue);
