using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Auditing;

/// <summary>The hash chain of the audit log.</summary>
internal static class AuditHash
{
    /// <summary>The predecessor of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// SHA-256 of the previous hash and the entry's fields, each length-prefixed so no two different
    /// entries can serialize alike.
    /// </summary>
    public static string Of(AuditEntry entry)
    {
        var text = new StringBuilder(entry.PreviousHash);
        foreach (var field in entry.Content())
        {
            text.Append('\n');
            if (field is null)
            {
                text.Append('-');
            }
            else
            {
                text.Append(field.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(field);
            }
        }
        return Sha256Hex(text.ToString());
    }
}
