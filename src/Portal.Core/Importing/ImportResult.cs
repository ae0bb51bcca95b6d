using Portal.Core.Backups;
using Portal.Core.Common;

namespace Portal.Core.Importing;

/// <summary>How an import ended: the plan it followed, the backup written (if any) and its audit entry.</summary>
public sealed record ImportResult(ImportPlan Plan, string Outcome, Backup? Backup, long AuditSequence)
{
    public bool Succeeded => Backup is not null;

    public Error? Error => Plan.Error;
}
