namespace Portal.Core.Importing.Runs;

/// <summary>Where a bulk import run stands.</summary>
public static class ImportRunStatuses
{
    /// <summary>Uploaded and waiting for the portal's runner.</summary>
    public const string Queued = "queued";

    public const string Running = "running";

    public const string Completed = "completed";

    /// <summary>Stopped by an admin: the batches committed before the stop are kept and reported.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The file could not be read to the end (the message says why); committed batches are kept.</summary>
    public const string Failed = "failed";

    /// <summary>The portal stopped during the run; committed batches are kept and reported.</summary>
    public const string Interrupted = "interrupted";

    public static bool IsFinished(string status) => status is Completed or Cancelled or Failed or Interrupted;
}

/// <summary>
/// A bulk import started from the UI. It runs in the background and lives in the database, so its
/// progress and per-record report can be reopened after the browser is closed (or on another instance).
/// </summary>
public sealed class ImportRun
{
    private ImportRun()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The uploaded file's name, as the admin's browser gave it.</summary>
    public string FileName { get; private set; } = "";

    /// <summary>The upload's name in the runs directory; runs started again from a run share it.</summary>
    public string StoredFile { get; private set; } = "";

    public long FileBytes { get; private set; }

    public bool DryRun { get; private set; }

    public bool KeepRecordOwner { get; private set; }

    public string? TargetProjectId { get; private set; }

    public string ActorUserId { get; private set; } = "";

    public string? ActorProjectId { get; private set; }

    public string? ActorName { get; private set; }

    public string? ClientAddress { get; private set; }

    public string Status { get; private set; } = ImportRunStatuses.Queued;

    public DateTime CreatedAt { get; private set; }

    public DateTime? StartedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    /// <summary>Written after every batch: a running run whose heartbeat stops was lost with its instance.</summary>
    public DateTime? HeartbeatAt { get; private set; }

    /// <summary>Records in the file; null until the runner has counted them.</summary>
    public long? Total { get; private set; }

    public long Done { get; private set; }

    public long Imported { get; private set; }

    public long Revived { get; private set; }

    public long Unchanged { get; private set; }

    public long Rejected { get; private set; }

    public long ElapsedMilliseconds { get; private set; }

    /// <summary>Set by an admin; the instance running the run stops after its current batch.</summary>
    public bool CancelRequested { get; private set; }

    /// <summary>Why a run failed or was interrupted.</summary>
    public string? Problem { get; private set; }

    public bool IsFinished => ImportRunStatuses.IsFinished(Status);

    /// <summary>
    /// What an admin can do with the run now, the one rule the run page shows and Core enforces:
    /// stop it while it runs (once asked, the run stops after its batch); after a completed dry run, import for real; after a run that did not
    /// complete, start it again (what it imported then reports as unchanged).
    /// </summary>
    public ImportRunAction AvailableAction =>
        !IsFinished ? ImportRunAction.Cancel
        : Status == ImportRunStatuses.Completed ? (DryRun ? ImportRunAction.ImportForReal : ImportRunAction.None)
        : ImportRunAction.StartAgain;

    /// <summary>Whether a new run of this run's file, dry or not, is what <see cref="AvailableAction"/> offers.</summary>
    public bool MayStartAgain(bool dryRun) => AvailableAction switch
    {
        ImportRunAction.ImportForReal => !dryRun,
        ImportRunAction.StartAgain => dryRun == DryRun,
        _ => false,
    };

    public double RecordsPerSecond => ElapsedMilliseconds > 0 ? Done * 1000.0 / ElapsedMilliseconds : 0;

    internal static ImportRun Create(ImportRunOwner owner, string fileName, string storedFile, long fileBytes, BulkImportOptions options, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        FileName = fileName,
        StoredFile = storedFile,
        FileBytes = fileBytes,
        DryRun = options.DryRun,
        KeepRecordOwner = options.KeepRecordOwner,
        TargetProjectId = options.TargetProjectId,
        ActorUserId = owner.UserId,
        ActorProjectId = owner.ProjectId,
        ActorName = owner.Name,
        ClientAddress = owner.ClientAddress,
        CreatedAt = now,
    };

    internal BulkImportOptions ImportOptions(int batchSize) => new()
    {
        DryRun = DryRun,
        KeepRecordOwner = KeepRecordOwner,
        TargetProjectId = TargetProjectId,
        BatchSize = batchSize,
    };

    internal void Counted(long total, DateTime now)
    {
        Total = total;
        HeartbeatAt = now;
    }

    internal void Advance(BulkProgress progress, DateTime now)
    {
        (Done, Imported, Revived, Unchanged, Rejected) = (progress.Done, progress.Imported, progress.Revived, progress.Unchanged, progress.Rejected);
        ElapsedMilliseconds = (long)progress.Elapsed.TotalMilliseconds;
        HeartbeatAt = now;
    }

    internal void Finish(BulkProgress progress, DateTime now)
    {
        Advance(progress, now);
        Status = progress.Cancelled ? ImportRunStatuses.Cancelled : ImportRunStatuses.Completed;
        FinishedAt = now;
    }

    internal void Stop(string status, string? problem, DateTime now)
    {
        Status = status;
        Problem = problem;
        FinishedAt = now;
    }

    internal void RequestCancel() => CancelRequested = true;
}

/// <summary>The admin who started a run: its imports are audited as theirs.</summary>
internal sealed record ImportRunOwner(string UserId, string? ProjectId, string? Name, string? ClientAddress);

/// <summary>What happened to one record of a run (the per-record report).</summary>
public sealed class ImportRunItem
{
    private ImportRunItem()
    {
    }

    public Guid RunId { get; private set; }

    /// <summary>The record's line (or item) number in the file.</summary>
    public int Line { get; private set; }

    public string? BackupId { get; private set; }

    /// <summary>The audit log's word for the outcome (<see cref="ImportOutcomeWords.Word"/>).</summary>
    public string Outcome { get; private set; } = "";

    public string? Code { get; private set; }

    public string? Message { get; private set; }

    /// <summary>The record's warnings, one a line; null when there are none.</summary>
    public string? Warnings { get; private set; }

    internal static ImportRunItem From(Guid runId, BulkItemResult result) => new()
    {
        RunId = runId,
        Line = result.Line,
        BackupId = result.BackupId,
        Outcome = result.Outcome,
        Code = result.Code,
        Message = result.Message,
        Warnings = result.Warnings.Count == 0 ? null : string.Join('\n', result.Warnings),
    };

    public BulkItemResult ToResult() =>
        new(Line, BackupId, Outcome, Code, Message, Warnings?.Split('\n') ?? []);
}

/// <summary>The one thing an admin can do with a run at a time.</summary>
public enum ImportRunAction
{
    None,
    Cancel,
    ImportForReal,
    StartAgain,
}
