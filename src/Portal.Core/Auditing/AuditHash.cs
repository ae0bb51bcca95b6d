using System.Buffers;
using System.Globalization;
using System.Text;
using Portal.Core.Common;

namespace Portal.Core.Auditing;

/// <summary>The hash chain of the audit log.</summary>
internal static class AuditHash
{
    /// <summary>The predecessor of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// SHA-256 of the previous hash and the entry's fields, each length-prefixed so no two different
    /// entries can serialize alike: the UTF-8 of <c>previous</c>, then per field <c>"\n-"</c> for null
    /// or <c>"\n{length}:{field}"</c> (length in UTF-16 code units).
    /// </summary>
    public static string Of(AuditEntry entry)
    {
        var fields = entry.Content();
        var size = Encoding.UTF8.GetMaxByteCount(entry.PreviousHash.Length);
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
                buffer[written++] = (byte)'\n';
                if (field is null)
                {
                    buffer[written++] = (byte)'-';
                    continue;
                }
                field.Length.TryFormat(buffer.AsSpan(written), out var digits, provider: CultureInfo.InvariantCulture);
                written += digits;
                buffer[written++] = (byte)':';
                written += Encoding.UTF8.GetBytes(field, buffer.AsSpan(written));
            }
            return Sha256Text.Hex(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
