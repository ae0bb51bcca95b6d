using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Core.Records;

/// <summary>
/// Reads the ISO-8601 timestamps Cinder's <c>parse_isotime</c> accepts in records: <c>T</c> or a
/// space between date and time, optional seconds and fraction, <c>Z</c> or an offset, or none
/// (taken as UTC, as Cinder does). Results are UTC.
/// </summary>
internal static partial class RecordTimestamp
{
    [GeneratedRegex(
        @"^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})(?:[T ](?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<f>\d{1,9}))?)?(?:(?<z>Z)|(?<sign>[+-])(?<oh>\d{2})(?::?(?<om>\d{2}))?)?)?$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Pattern();

    /// <summary>Parses <paramref name="text"/>, or returns why it is not a timestamp.</summary>
    public static bool TryParse(string text, out DateTime utc, out string? problem)
    {
        utc = default;
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            problem = "must be an ISO-8601 timestamp such as 2024-03-01T12:00:00Z";
            return false;
        }

        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture) : 0;

        var year = Part("y");
        if (year < 1000)
        {
            // Python's strftime writes such years without padding, which no ISO reader accepts back.
            problem = "must have a year from 1000 to 9999";
            return false;
        }
        var fraction = match.Groups["f"].Success ? match.Groups["f"].Value.PadRight(7, '0')[..7] : "0";
        var offsetMinutes = (Part("oh") * 60) + Part("om");
        if (Part("oh") > 23 || Part("om") > 59)
        {
            problem = "has a UTC offset out of range";
            return false;
        }
        try
        {
            var local = new DateTime(year, Part("mo"), Part("d"), Part("h"), Part("mi"), Part("s"), DateTimeKind.Utc)
                .AddTicks(long.Parse(fraction, CultureInfo.InvariantCulture));
            utc = match.Groups["sign"].Value == "-" ? local.AddMinutes(offsetMinutes) : local.AddMinutes(-offsetMinutes);
        }
        catch (ArgumentOutOfRangeException)
        {
            problem = "is not a real date and time";
            return false;
        }
        problem = null;
        return true;
    }
}
