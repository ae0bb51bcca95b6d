using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Portal.Core.Common;

namespace Portal.Core.Auditing;

/// <summary>The hash chain of the audit log.</summary>
internal static class AuditHash
{
    /// <summary>The predecessor of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// SHA-256 of the previous hash and the entry's fields as stored, each length-prefixed so no two
    /// different entries can serialize alike: the UTF-8 of <c>previous</c>, then per text field
    /// <c>"\n-"</c> for null or <c>"\n{length}:{field}"</c> (length in UTF-16 code units, field in
    /// UTF-8), then the raw input the same way when its bytes are UTF-8 (so entries written when it
    /// was a text column hash as they did), or <c>"\n#{length}:{bytes}"</c> (length in bytes) when not.
    /// </summary>
    public static string Of(AuditEntry entry)
    {
        var fields = entry.TextContent();
        var raw = entry.RawInput;
        var size = Encoding.UTF8.GetMaxByteCount(entry.PreviousHash.Length) + 14 + (raw?.Length ?? 0);
        foreach (var field in fields)
        {
            size += 13 + (field is null ? 0 : Encoding.UTF8.GetMaxByteCount(field.Length));
        }
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var written = Encoding.UTF8.GetBytes(entry.PreviousHash, buffer);
            foreach (var field in fields)
            {
                if (field is null)
                {
                    written += WriteNull(buffer.AsSpan(written));
                    continue;
                }
                written += WritePrefix(buffer.AsSpan(written), "", field.Length);
                written += Encoding.UTF8.GetBytes(field, buffer.AsSpan(written));
            }
            if (raw is null)
            {
                written += WriteNull(buffer.AsSpan(written));
            }
            else
            {
                written += Utf8.IsValid(raw)
                    ? WritePrefix(buffer.AsSpan(written), "", Encoding.UTF8.GetCharCount(raw))
                    : WritePrefix(buffer.AsSpan(written), "#", raw.Length);
                raw.CopyTo(buffer.AsSpan(written));
                written += raw.Length;
            }
            return Sha256Text.Hex(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int WriteNull(Span<byte> to)
    {
        to[0] = (byte)'\n';
        to[1] = (byte)'-';
        return 2;
    }

    private static int WritePrefix(Span<byte> to, string marker, int length)
    {
        to[0] = (byte)'\n';
        var written = 1 + Encoding.ASCII.GetBytes(marker, to[1..]);
        length.TryFormat(to[written..], out var digits, provider: CultureInfo.InvariantCulture);
        written += digits;
        to[written] = (byte)':';
        return written + 1;
    }
}
