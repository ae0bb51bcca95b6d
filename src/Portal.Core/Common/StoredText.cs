using System.Text;

namespace Portal.Core.Common;

/// <summary>
/// Text as every engine stores it and gives it back unchanged. PostgreSQL refuses U+0000 and
/// unpaired surrogates in text columns, and SQLite (through Microsoft.Data.Sqlite) cuts a string of
/// over 512 characters at its first U+0000. Descriptive columns (names, ids, messages) go through
/// here, so what a row hashes is what the row keeps; raw input is kept as bytes instead.
/// </summary>
public static class StoredText
{
    /// <summary>Marks where a value was cut to its column's length.</summary>
    public const char Ellipsis = '…';

    /// <summary>
    /// <paramref name="text"/> with U+0000 and unpaired surrogates replaced by U+FFFD, and cut to
    /// <paramref name="maxLength"/> characters, the last an ellipsis (never half a surrogate pair).
    /// </summary>
    public static string? Of(string? text, int maxLength)
    {
        if (text is null || (text.Length <= maxLength && IsStorable(text)))
        {
            return text;
        }
        var storable = IsStorable(text) ? text : Replaced(text);
        if (storable.Length <= maxLength)
        {
            return storable;
        }
        var cut = maxLength - 1;
        if (char.IsLowSurrogate(storable[cut]))
        {
            cut--;
        }
        return string.Concat(storable.AsSpan(0, cut), [Ellipsis]);
    }

    /// <summary>Whether every engine keeps <paramref name="text"/> as it is (null is kept as null).</summary>
    public static bool IsStorable(string? text) => text is null || IsStorable(text.AsSpan());

    /// <summary>Whether every engine keeps <paramref name="text"/> as it is.</summary>
    public static bool IsStorable(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    private static string Replaced(string text)
    {
        var replaced = new StringBuilder(text.Length);
        // EnumerateRunes yields U+FFFD for every unpaired surrogate.
        foreach (var rune in text.EnumerateRunes())
        {
            replaced.Append((rune.Value == 0 ? Rune.ReplacementChar : rune).ToString());
        }
        return replaced.ToString();
    }
}
