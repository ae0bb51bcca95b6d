using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Common;

/// <summary>SHA-256 as lower-case hex: what the audit log keeps of a backup_url and of its chain, and what the API token table keeps of a secret.</summary>
internal static class Sha256Text
{
    /// <summary>The hash of <paramref name="text"/>'s UTF-8, encoded through a pooled buffer (bulk runs hash every record).</summary>
    public static string Hex(string text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            return Hex(buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, buffer)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string Hex(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash);
    }
}
