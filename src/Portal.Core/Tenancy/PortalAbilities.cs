using Portal.Core.Common;

namespace Portal.Core.Tenancy;

/// <summary>
/// What one caller may do, answered by <see cref="PortalPolicy.AbilitiesOf"/> once per request context
/// (issue 15): pages offer an action, disable it with the reason, or hide a feature closed to the caller
/// from this, and never decide by role themselves; so nothing a page offers is refused by Core for the
/// caller's role. What depends on one backup (its project, its status) is asked of the service that
/// does it (<see cref="Exporting.ExportService.Refusal"/>).
/// </summary>
public sealed record PortalAbilities
{
    /// <summary>Null when the caller may import records into their own project; otherwise why not.</summary>
    public required Error? ImportRefusal { get; init; }

    public bool CanImport => ImportRefusal is null;

    /// <summary>Keeping a record's owner, or importing on behalf of another project.</summary>
    public required bool CanImportOnBehalf { get; init; }

    /// <summary>Null when the caller may export backups of their own project; otherwise why not (the whole feature is closed to them).</summary>
    public required Error? ExportRefusal { get; init; }

    public bool CanExport => ExportRefusal is null;

    /// <summary>The admin pages: bulk import, bulk export, the audit log, quotas, backup services, clouds.</summary>
    public required bool CanAdminister { get; init; }

    /// <summary>Whether the caller sees every project's backups (and so the project column and filter).</summary>
    public required bool SeesEveryProject { get; init; }
}
