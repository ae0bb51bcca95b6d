using Portal.Core.Common;
using Portal.Core.Records;

namespace Portal.Core.Auditing;

/// <summary>
/// One import or export attempt, allowed or refused (contract §6). Append-only and hash-chained:
/// <see cref="Hash"/> is SHA-256 over <see cref="PreviousHash"/> and this entry's content.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    /// <summary>Position in the chain, assigned by the database.</summary>
    public long Sequence { get; private set; }
    public DateTime OccurredAt { get; private set; }
    public string ActorUserId { get; private set; } = "";
    public string? ActorProjectId { get; private set; }
    public string? ActorName { get; private set; }
    public string Channel { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string? TargetProjectId { get; private set; }
    public string? BackupId { get; private set; }
    public string? BackupService { get; private set; }
    public string? BackupUrlSha256 { get; private set; }
    public string Outcome { get; private set; } = "";
    public string? ErrorCode { get; private set; }
    public string? ErrorMessage { get; private set; }
    public string? RequestId { get; private set; }
    public string? ClientAddress { get; private set; }

    /// <summary>The submitted backup_url of a rejected import, so it can be fixed and retried.</summary>
    public string? RawBackupUrl { get; private set; }

    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";

    internal static AuditEntry Create(AuditDraft draft, DateTime occurredAt, string previousHash)
    {
        var entry = new AuditEntry
        {
            OccurredAt = occurredAt,
            ActorUserId = draft.Context.UserId,
            ActorProjectId = draft.Context.ProjectId,
            ActorName = draft.Context.DisplayName,
            Channel = draft.Context.Channel,
            Action = draft.Action,
            TargetProjectId = draft.TargetProjectId,
            BackupId = draft.BackupId,
            BackupService = draft.BackupService,
            BackupUrlSha256 = draft.BackupUrl is null ? null : draft.BackupUrlSha256 ?? Sha256Text.Hex(draft.BackupUrl),
            Outcome = draft.Outcome,
            ErrorCode = draft.Error?.Code,
            ErrorMessage = draft.Error?.Message,
            RequestId = draft.Context.RequestId,
            ClientAddress = draft.Context.ClientAddress,
            RawBackupUrl = draft.KeepRawBackupUrl ? Truncate(draft.BackupUrl) : null,
            PreviousHash = previousHash,
        };
        entry.Hash = AuditHash.Of(entry);
        return entry;
    }

    /// <summary>Raw input is kept up to the record size limit (contract §6).</summary>
    private static string? Truncate(string? text) =>
        text is { Length: > RecordLimits.MaxBackupUrlLength } ? text[..RecordLimits.MaxBackupUrlLength] : text;

    /// <summary>The entry's content in a fixed order, for hashing. Every stored field but the hashes and sequence.</summary>
    internal string?[] Content() =>
    [
        OccurredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ActorUserId,
        ActorProjectId,
        ActorName,
        Channel,
        Action,
        TargetProjectId,
        BackupId,
        BackupService,
        BackupUrlSha256,
        Outcome,
        ErrorCode,
        ErrorMessage,
        RequestId,
        ClientAddress,
        RawBackupUrl,
    ];
}
