using Portal.Core.Auditing;

namespace Portal.Core.Importing;

/// <summary>What an import plan writes: one vocabulary for the plan, the audit log, the bulk report and the command line.</summary>
public enum ImportOutcome
{
    /// <summary>A new backup.</summary>
    Imported,

    /// <summary>A soft-deleted backup with the same id, brought back with the record's fields.</summary>
    Revived,

    /// <summary>The same id with exactly this content is here already: nothing to write, nothing wrong.</summary>
    Unchanged,

    /// <summary>A cloud's backup the vault holds, changed in Cinder since: the vault copy takes the new record.</summary>
    Refreshed,

    /// <summary>Refused, for the plan's error.</summary>
    Rejected,
}

public static class ImportOutcomeWords
{
    /// <summary>The outcome as the audit log, the reports and the API store and show it.</summary>
    public static string Word(this ImportOutcome outcome) => outcome switch
    {
        ImportOutcome.Imported => AuditOutcomes.Imported,
        ImportOutcome.Revived => AuditOutcomes.Revived,
        ImportOutcome.Unchanged => AuditOutcomes.Unchanged,
        ImportOutcome.Refreshed => AuditOutcomes.Refreshed,
        _ => AuditOutcomes.Rejected,
    };
}
