namespace Portal.Core.Clouds.Runs;

/// <summary>What a cloud run does.</summary>
public static class CloudRunKinds
{
    /// <summary>Lists the cloud and keeps every available backup's record in the vault.</summary>
    public const string Sync = "sync";

    /// <summary>Puts records back into the cloud's Cinder with import_record, and verifies each.</summary>
    public const string Restore = "restore";
}

/// <summary>Where a cloud run stands.</summary>
public static class CloudRunStatuses
{
    /// <summary>Waiting for a runner; also a run that was stopped with its instance and resumes from its marker.</summary>
    public const string Queued = "queued";

    public const string Running = "running";

    /// <summary>Listed to the end; per-backup failures are in its counts and report.</summary>
    public const string Completed = "completed";

    /// <summary>The cloud could not be listed (it does not answer, refuses the portal): the run stopped, what it wrote stays.</summary>
    public const string Failed = "failed";

    public static bool IsFinished(string status) => status is Completed or Failed;
}

/// <summary>
/// A sync of one cloud, or a restore into it. It lives in the database like a bulk import run:
/// several instances see one run, only one runs per cloud at a time, and a run stopped with its
/// instance resumes where it stood (a sync from its last page, a restore from its next record).
/// </summary>
public sealed class CloudRun
{
    private CloudRun()
    {
    }

    public Guid Id { get; private set; }

    public string Cloud { get; private set; } = "";

    public string Kind { get; private set; } = CloudRunKinds.Sync;

    public string Status { get; private set; } = CloudRunStatuses.Queued;

    public string ActorUserId { get; private set; } = "";

    public string? ActorName { get; private set; }

    /// <summary>The request id every audit entry of the run carries.</summary>
    public string RequestId { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    /// <summary>When the run first started; a resumed run keeps it.</summary>
    public DateTime? StartedAt { get; private set; }

    public DateTime? HeartbeatAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    /// <summary>The last backup id of the last committed page: a resumed run lists on from here.</summary>
    public string? Marker { get; private set; }

    public long Listed { get; private set; }

    /// <summary>Records the vault did not hold before.</summary>
    public long New { get; private set; }

    /// <summary>Records Cinder changed (or brought back) since the vault took them.</summary>
    public long Changed { get; private set; }

    public long Unchanged { get; private set; }

    /// <summary>Listed backups Cinder cannot export yet (creating, error, …): the vault waits for them.</summary>
    public long NotAvailable { get; private set; }

    /// <summary>Backups of the vault this run did not find in Cinder.</summary>
    public long Gone { get; private set; }

    /// <summary>Backups whose record could not be fetched or kept (Cinder's message in the report).</summary>
    public long Failed { get; private set; }

    /// <summary>Records whose portal encoding differs from Cinder's bytes (kept as Cinder's, and reported).</summary>
    public long EncodingDifferences { get; private set; }

    /// <summary>A restore that only compares and plans: nothing is written into Cinder.</summary>
    public bool DryRun { get; private set; }

    /// <summary>What a restore was asked to put back, in words (<see cref="Restore.RestoreSelection.Describe"/>).</summary>
    public string? Selection { get; private set; }

    /// <summary>Records a restore has to do; null for a sync.</summary>
    public long? Total { get; private set; }

    /// <summary>Records a restore put into Cinder and Cinder made available (or, dry, would put).</summary>
    public long Restored { get; private set; }

    /// <summary>Records whose id Cinder holds with other content: left alone, reported.</summary>
    public long Clashes { get; private set; }

    /// <summary>Records Cinder (or Keystone: no role in the project) refused at once.</summary>
    public long Refused { get; private set; }

    public long ElapsedMilliseconds { get; private set; }

    /// <summary>
    /// Milliseconds spent waiting for Cinder: a sync's listing and exporting; a restore's calls and
    /// polls summed over its records (which run side by side, so the sum can pass the wall time).
    /// </summary>
    public long CinderMilliseconds { get; private set; }

    /// <summary>Milliseconds of the portal's own work: decoding, checking, writing the vault, the report and the audit log.</summary>
    public long PortalMilliseconds { get; private set; }

    /// <summary>Why the run failed, or what stopped it last.</summary>
    public string? Problem { get; private set; }

    public bool IsFinished => CloudRunStatuses.IsFinished(Status);

    /// <summary>The run's counts in one line, as the command line and the Clouds page show them.</summary>
    public string Summary() => Kind == CloudRunKinds.Restore
        ? $"{(DryRun ? "dry run, " : "")}{Restored + Unchanged + Clashes + Refused + Failed} of {Total} record(s): {(DryRun ? "would restore" : "restored")} {Restored}, " +
          $"already in Cinder {Unchanged}, clash {Clashes}, refused {Refused}, failed {Failed}"
        : $"listed {Listed}: new {New}, changed {Changed}, unchanged {Unchanged}, not available {NotAvailable}, gone {Gone}, failed {Failed}" +
          (EncodingDifferences > 0 ? $", {EncodingDifferences} whose portal encoding differs from Cinder's (see the report)" : "");

    internal static CloudRun Create(string cloud, string kind, Tenancy.RequestContext context, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Cloud = cloud,
        Kind = kind,
        ActorUserId = context.UserId,
        ActorName = context.DisplayName,
        RequestId = context.RequestId,
        CreatedAt = now,
    };

    internal static CloudRun CreateRestore(string cloud, Tenancy.RequestContext context, string selection, bool dryRun, int total, DateTime now)
    {
        var run = Create(cloud, CloudRunKinds.Restore, context, now);
        (run.Selection, run.DryRun, run.Total) = (selection, dryRun, total);
        return run;
    }

    /// <summary>Counts one record a restore finished with.</summary>
    internal void CountRestored(string outcome, DateTime now)
    {
        switch (outcome)
        {
            case CloudRunOutcomes.Restored or CloudRunOutcomes.WouldRestore:
                Restored++;
                break;
            case CloudRunOutcomes.Unchanged:
                Unchanged++;
                break;
            case CloudRunOutcomes.Clash:
                Clashes++;
                break;
            case CloudRunOutcomes.Refused:
                Refused++;
                break;
            default:
                Failed++;
                break;
        }
        HeartbeatAt = now;
    }

    /// <summary>A restore's times: the run's wall time so far, and one record's waiting for Cinder and the portal's own work on it.</summary>
    internal void Timed(long elapsedMilliseconds, TimeSpan cinder, TimeSpan portal)
    {
        ElapsedMilliseconds = Math.Max(ElapsedMilliseconds, elapsedMilliseconds);
        CinderMilliseconds += (long)cinder.TotalMilliseconds;
        PortalMilliseconds += (long)portal.TotalMilliseconds;
    }

    internal void Start(DateTime now)
    {
        Status = CloudRunStatuses.Running;
        StartedAt ??= now;
        HeartbeatAt = now;
    }

    /// <summary>Back to the queue, keeping counts and marker: the next runner resumes it.</summary>
    internal void Requeue(string problem)
    {
        Status = CloudRunStatuses.Queued;
        Problem = problem;
    }

    internal void Count(CloudSyncCounts page, string? marker, TimeSpan elapsed, TimeSpan cinder, DateTime now)
    {
        Listed += page.Listed;
        New += page.New;
        Changed += page.Changed;
        Unchanged += page.Unchanged;
        NotAvailable += page.NotAvailable;
        Gone += page.Gone;
        Failed += page.Failed;
        EncodingDifferences += page.EncodingDifferences;
        Marker = marker ?? Marker;
        ElapsedMilliseconds += (long)elapsed.TotalMilliseconds;
        CinderMilliseconds += (long)cinder.TotalMilliseconds;
        PortalMilliseconds += (long)(elapsed - cinder).TotalMilliseconds;
        HeartbeatAt = now;
    }

    internal void Finish(string status, string? problem, DateTime now)
    {
        Status = status;
        Problem = problem;
        FinishedAt = now;
        HeartbeatAt = now;
    }
}

/// <summary>What one page (or the gone sweep) of a sync did.</summary>
internal sealed record CloudSyncCounts
{
    public int Listed { get; set; }
    public int New { get; set; }
    public int Changed { get; set; }
    public int Unchanged { get; set; }
    public int NotAvailable { get; set; }
    public int Gone { get; set; }
    public int Failed { get; set; }
    public int EncodingDifferences { get; set; }

    public void Tally(string outcome)
    {
        switch (outcome)
        {
            case CloudRunOutcomes.New: New++; break;
            case CloudRunOutcomes.Changed: Changed++; break;
            case CloudRunOutcomes.Unchanged: Unchanged++; break;
            case CloudRunOutcomes.NotAvailable: NotAvailable++; break;
            case CloudRunOutcomes.Gone: Gone++; break;
            default: Failed++; break;
        }
    }
}

/// <summary>One line of a run's report: every backup the run did something to, or failed to (unchanged ones are only counted).</summary>
public sealed class CloudRunItem
{
    private CloudRunItem()
    {
    }

    public Guid RunId { get; private set; }

    public string BackupId { get; private set; } = "";

    public string? ProjectId { get; private set; }

    /// <summary>One of <see cref="CloudRunOutcomes"/>.</summary>
    public string Outcome { get; private set; } = "";

    /// <summary>The error code, for a failure.</summary>
    public string? Code { get; private set; }

    /// <summary>Cinder's or the portal's message for a failure; what differs for an encoding difference.</summary>
    public string? Message { get; private set; }

    /// <summary>A restore's order: parents before their incrementals.</summary>
    public int Position { get; private set; }

    /// <summary>The record a restore puts back (copied when the run is queued, so the run needs nothing else).</summary>
    public string? BackupService { get; private set; }

    public string? BackupUrl { get; private set; }

    public bool IsPending => Outcome is CloudRunOutcomes.Pending or CloudRunOutcomes.Importing;

    internal static CloudRunItem ToRestore(Guid runId, int position, string backupId, string? projectId, string backupService, string backupUrl) => new()
    {
        RunId = runId,
        BackupId = backupId,
        ProjectId = projectId,
        Outcome = CloudRunOutcomes.Pending,
        Position = position,
        BackupService = backupService,
        BackupUrl = backupUrl,
    };

    internal void Finish(string outcome, string? code, string? message)
    {
        Outcome = outcome;
        Code = code;
        Message = message is { Length: > 2000 } ? message[..2000] : message;
    }

    internal static CloudRunItem Of(Guid runId, string backupId, string? projectId, string outcome, string? code = null, string? message = null) => new()
    {
        RunId = runId,
        BackupId = backupId,
        ProjectId = projectId,
        Outcome = outcome,
        Code = code,
        Message = message is { Length: > 2000 } ? message[..2000] : message,
    };
}

/// <summary>The words of a cloud run's report.</summary>
public static class CloudRunOutcomes
{
    public const string New = "new";
    public const string Changed = "changed";
    public const string Gone = "gone";
    public const string Failed = "failed";
    public const string NotAvailable = "not_available";

    /// <summary>A sync only counts these; for a restore: Cinder has the backup already, with this content.</summary>
    public const string Unchanged = "unchanged";

    /// <summary>A restore's record not started yet.</summary>
    public const string Pending = "pending";

    /// <summary>A restore's record Cinder was asked to import: on resume, Cinder is asked what became of it.</summary>
    public const string Importing = "importing";

    /// <summary>Imported into Cinder, available, and its new export matches the record.</summary>
    public const string Restored = "restored";

    /// <summary>A dry run's record Cinder lacks and the portal could import.</summary>
    public const string WouldRestore = "would_restore";

    /// <summary>Cinder has a backup with this id and other content.</summary>
    public const string Clash = "clash";

    /// <summary>Cinder refused the import at once (its HTTP message), or the portal has no role in the record's project.</summary>
    public const string Refused = "refused";

    /// <summary>Taken into the vault: new or changed, as the vault held the backup before.</summary>
    internal const string Kept = "kept";
}
