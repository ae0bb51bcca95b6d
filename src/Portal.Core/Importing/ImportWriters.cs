using Portal.Core.Auditing;
using Portal.Core.Backups;
using Portal.Core.Data;
using Portal.Core.Tenancy;

namespace Portal.Core.Importing;

/// <summary>
/// Where a committed plan goes. Every door commits through <see cref="ImportCommit"/>; only the
/// writer differs: one import in a tracked context, a bulk batch of prepared inserts, or a dry run,
/// which is a writer that writes nothing.
/// </summary>
internal interface IImportWriter
{
    void Add(Backup backup);

    /// <summary>A tracked backup the plan has changed (revived or refreshed): written on save, where the writer writes.</summary>
    void Changed(Backup backup);

    void Audit(AuditDraft draft, DateTime now);
}

/// <summary>The one step that applies any plan: its row to the writer, then its audit entry.</summary>
internal static class ImportCommit
{
    public static void Apply(ImportPlan plan, IImportWriter writer, RequestContext context, DateTime now, string? backupUrlSha256 = null)
    {
        switch (plan.Outcome)
        {
            case ImportOutcome.Imported:
                writer.Add(plan.Row!);
                break;
            case ImportOutcome.Revived:
                plan.Row!.Revive(plan.Decoded!.Record, plan.Owner!, plan.Service!, now, plan.Request.FromCloud is not null);
                writer.Changed(plan.Row);
                break;
            case ImportOutcome.Refreshed:
                plan.Row!.Refresh(plan.Decoded!.Record, plan.Owner!, plan.Service!, now);
                writer.Changed(plan.Row);
                break;
        }
        writer.Audit(ImportAudit.Draft(context, plan, backupUrlSha256), now);
    }
}

/// <summary>One import: the backup added to a tracked context, the entry appended; the caller saves and commits.</summary>
internal sealed class TrackedImportWriter(PortalDbContext db, AuditWriter audit) : IImportWriter
{
    public AuditEntry? Entry { get; private set; }

    public void Add(Backup backup) => db.Backups.Add(backup);

    public void Changed(Backup backup)
    {
        // Tracked by the planning context: saving writes the update.
    }

    public void Audit(AuditDraft draft, DateTime now) => Entry = audit.Append(draft, now);
}
