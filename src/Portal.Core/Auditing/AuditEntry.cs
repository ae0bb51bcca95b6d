using System.Text;
using System.Text.Unicode;
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

    /// <summary>
    /// What a rejected import submitted (its backup_url, or the whole input when no backup_url could be
    /// read from it), byte for byte as UTF-8, so it can be fixed and retried: bytes, because text
    /// columns cannot keep every input (see <see cref="StoredText"/>).
    /// </summary>
    public byte[]? RawInput { get; private set; }

    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";

    internal static AuditEntry Create(AuditDraft draft, DateTime occurredAt, string previousHash)
    {
        var raw = !draft.KeepsRawInput ? null
            : draft.UnreadableInput is { } unreadable ? Truncate(unreadable.Span)
            : draft.BackupUrl is { } url ? Truncate(Encoding.UTF8.GetBytes(url))
            : null;
        var entry = new AuditEntry
        {
            OccurredAt = occurredAt,
            ActorUserId = StoredText.Of(draft.Context.UserId, MaxId)!,
            ActorProjectId = StoredText.Of(draft.Context.ProjectId, MaxId),
            ActorName = StoredText.Of(draft.Context.DisplayName, MaxId),
            Channel = draft.Context.Channel,
            Action = draft.Action,
            TargetProjectId = StoredText.Of(draft.TargetProjectId, MaxId),
            BackupId = StoredText.Of(draft.BackupId, MaxId),
            BackupService = StoredText.Of(draft.BackupService, MaxId),
            BackupUrlSha256 = draft.BackupUrlSha256
                ?? (draft.BackupUrl is { } digested ? Sha256Text.Hex(digested)
                    : draft.UnreadableInput is { } whole ? Sha256Text.Hex(whole.Span) : null),
            Outcome = draft.Outcome,
            ErrorCode = draft.Error?.Code,
            ErrorMessage = StoredText.Of(draft.Error?.Message, MaxMessage),
            RequestId = StoredText.Of(draft.Context.RequestId, MaxId),
            ClientAddress = StoredText.Of(draft.Context.ClientAddress, MaxId),
            RawInput = raw,
            PreviousHash = previousHash,
        };
        entry.Hash = AuditHash.Of(entry);
        return entry;
    }

    /// <summary>The raw input as text, when it is UTF-8 (what the wizard can reopen); null otherwise.</summary>
    public string? RawInputText() => RawInput is { } raw && Utf8.IsValid(raw) ? Encoding.UTF8.GetString(raw) : null;

    /// <summary>Names, ids and addresses: Cinder's 255-character columns.</summary>
    private const int MaxId = RecordLimits.MaxString;

    /// <summary>Messages are the portal's own, quoting input only shortened; this bounds them all the same.</summary>
    private const int MaxMessage = 8192;

    /// <summary>Raw input is kept up to the record size limit (contract §6), never ending inside a UTF-8 character.</summary>
    private static byte[] Truncate(byte[] raw) => raw.Length <= RecordLimits.MaxBackupUrlLength ? raw : Truncate(raw.AsSpan());

    private static byte[] Truncate(ReadOnlySpan<byte> raw)
    {
        var cut = raw.Length;
        if (cut > RecordLimits.MaxBackupUrlLength)
        {
            cut = RecordLimits.MaxBackupUrlLength;
            while (cut > 0 && (raw[cut] & 0xC0) == 0x80)
            {
                cut--;
            }
        }
        return raw[..cut].ToArray();
    }

    /// <summary>The entry's text content in a fixed order, for hashing: every stored field but the hashes, the sequence and <see cref="RawInput"/>.</summary>
    internal string?[] TextContent() =>
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
    ];
}
