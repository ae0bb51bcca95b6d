using System.Globalization;

namespace Portal.Core.Records;

/// <summary>
/// Reads the ISO-8601 timestamps Cinder's <c>parse_isotime</c> accepts in records: <c>T</c> or a
/// space between date and time, optional seconds and fraction, <c>Z</c> or an offset, or none
/// (taken as UTC, as Cinder does). Results are UTC. Written out by hand rather than as a regular
/// expression: three timestamps a record, a million records a run.
/// </summary>
internal static class RecordTimestamp
{
    private static readonly long[] _tickScale = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

    private const string NotATimestamp = "must be an ISO-8601 timestamp such as 2024-03-01T12:00:00Z";

    /// <summary>Parses <paramref name="text"/>, or returns why it is not a timestamp.</summary>
    public static bool TryParse(string text, out DateTime utc, out string? problem)
    {
        utc = default;
        var s = text.AsSpan();
        // As the pattern's "$" did: one line break may end the text.
        if (s.EndsWith("\n"))
        {
            s = s[..^1];
        }
        var at = 0;
        if (!Number(s, ref at, 4, out var year) || !Literal(s, ref at, '-') || !Number(s, ref at, 2, out var month)
            || !Literal(s, ref at, '-') || !Number(s, ref at, 2, out var day))
        {
            return Fail(NotATimestamp, out problem);
        }
        int hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0;
        long fractionTicks = 0;
        var offsetSign = 0;
        if (at < s.Length)
        {
            if (!Literal(s, ref at, 'T', ' ') || !Number(s, ref at, 2, out hour) || !Literal(s, ref at, ':') || !Number(s, ref at, 2, out minute))
            {
                return Fail(NotATimestamp, out problem);
            }
            if (Literal(s, ref at, ':'))
            {
                if (!Number(s, ref at, 2, out second))
                {
                    return Fail(NotATimestamp, out problem);
                }
                if (Literal(s, ref at, '.', ','))
                {
                    var start = at;
                    while (at < s.Length && at - start < 9 && char.IsAsciiDigit(s[at]))
                    {
                        at++;
                    }
                    if (at == start)
                    {
                        return Fail(NotATimestamp, out problem);
                    }
                    // Ticks are tenths of a microsecond: the first seven digits, padded.
                    var digits = s[start..Math.Min(at, start + 7)];
                    fractionTicks = long.Parse(digits, CultureInfo.InvariantCulture) * _tickScale[7 - digits.Length];
                }
            }
            if (!Literal(s, ref at, 'Z') && at < s.Length && s[at] is '+' or '-')
            {
                offsetSign = s[at++] == '-' ? -1 : 1;
                if (!Number(s, ref at, 2, out offsetHours))
                {
                    return Fail(NotATimestamp, out problem);
                }
                if (at < s.Length)
                {
                    // Minutes, with or without a colon before them.
                    _ = Literal(s, ref at, ':');
                    if (!Number(s, ref at, 2, out offsetMinutes))
                    {
                        return Fail(NotATimestamp, out problem);
                    }
                }
            }
        }
        if (at != s.Length)
        {
            return Fail(NotATimestamp, out problem);
        }

        if (year < 1000)
        {
            // Python's strftime writes such years without padding, which no ISO reader accepts back.
            return Fail("must have a year from 1000 to 9999", out problem);
        }
        if (offsetHours > 23 || offsetMinutes > 59)
        {
            return Fail("has a UTC offset out of range", out problem);
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return Fail("is not a real date and time", out problem);
        }
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fractionTicks);
        var offset = TimeSpan.FromMinutes(offsetSign * ((offsetHours * 60) + offsetMinutes));
        if ((offset > TimeSpan.Zero && local - DateTime.MinValue < offset) || (offset < TimeSpan.Zero && DateTime.MaxValue - local < -offset))
        {
            return Fail("is not a real date and time", out problem);
        }
        utc = local - offset;
        problem = null;
        return true;
    }

    /// <summary>Exactly <paramref name="length"/> ASCII digits at <paramref name="at"/>.</summary>
    private static bool Number(ReadOnlySpan<char> s, ref int at, int length, out int value)
    {
        value = 0;
        if (at + length > s.Length)
        {
            return false;
        }
        foreach (var c in s.Slice(at, length))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        at += length;
        return true;
    }

    /// <summary>Steps over <paramref name="expected"/> (or <paramref name="alternative"/>) when it is next.</summary>
    private static bool Literal(ReadOnlySpan<char> s, ref int at, char expected, char? alternative = null)
    {
        if (at < s.Length && (s[at] == expected || s[at] == alternative))
        {
            at++;
            return true;
        }
        return false;
    }

    private static bool Fail(string why, out string? problem)
    {
        problem = why;
        return false;
    }
}
