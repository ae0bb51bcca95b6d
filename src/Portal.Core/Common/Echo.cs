using System.Globalization;
using System.Text;

namespace Portal.Core.Common;

/// <summary>
/// Input quoted back inside a message: kept short, and every character a reader could not see or a
/// database could not keep (control characters, unpaired surrogates) written as a <c>\uXXXX</c> escape.
/// </summary>
public static class Echo
{
    /// <summary>The whole text when it shows in <paramref name="maxLength"/> characters; else its start and "...".</summary>
    public static string Of(string text, int maxLength = 40)
    {
        var shown = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        for (var i = 0; i < text.Length && shown.Length <= maxLength; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                shown.Append(c).Append(text[++i]);
            }
            else if (char.IsControl(c) || char.IsSurrogate(c))
            {
                shown.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                shown.Append(c);
            }
        }
        if (shown.Length <= maxLength)
        {
            return shown.ToString();
        }
        var cut = maxLength - 3;
        if (char.IsLowSurrogate(shown[cut]))
        {
            cut--;
        }
        return shown.ToString(0, cut) + "...";
    }
}
