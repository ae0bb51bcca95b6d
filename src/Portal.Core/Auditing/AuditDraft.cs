using Portal.Core.Common;
using Portal.Core.Tenancy;

namespace Portal.Core.Auditing;

/// <summary>What a Core service knows of an attempt when it records it.</summary>
public sealed record AuditDraft(RequestContext Context, string Action, string Outcome)
{
    public string? TargetProjectId { get; init; }
    public string? BackupId { get; init; }
    public string? BackupService { get; init; }
    public string? BackupUrl { get; init; }

    /// <summary>
    /// The whole input of an attempt from which no backup_url could be read (an API body that is not
    /// a backup record), kept as it came when the attempt is rejected.
    /// </summary>
    public ReadOnlyMemory<byte>? UnreadableInput { get; init; }

    /// <summary>The digest of <see cref="BackupUrl"/> when the caller has it already (bulk runs hash beside decoding, on every core).</summary>
    internal string? BackupUrlSha256 { get; init; }
    public Error? Error { get; init; }

    /// <summary>Rejected imports keep what the user submitted, so nothing submitted is lost.</summary>
    public bool KeepsRawInput => Action == AuditActions.Import && Outcome == AuditOutcomes.Rejected;
}
