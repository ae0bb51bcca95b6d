using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;
using Portal.Core.Records;

namespace Portal.Tests.Unit.Core.Records;

/// <summary>The hand-written timestamp reader against the regular expression it replaced, kept here as the oracle.</summary>
public sealed partial class RecordTimestampTests
{
    [GeneratedRegex(
        @"^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})(?:[T ](?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<f>\d{1,9}))?)?(?:(?<z>Z)|(?<sign>[+-])(?<oh>\d{2})(?::?(?<om>\d{2}))?)?)?$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Pattern();

    /// <summary>The former reader, verbatim (it is only called here on ASCII input, where its digits parse).</summary>
    private static bool OracleTryParse(string text, out DateTime utc, out string? problem)
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

    private static Gen<string> Digits(int count) => Gen.Char['0', '9'].Array[count].Select(c => new string(c));

    /// <summary>Timestamps and near misses: every part optional, some parts out of range or of the wrong length.</summary>
    private static readonly Gen<string> _timestampLike = Gen.Select(
            Gen.OneOf(Digits(4), Gen.Const("0999"), Gen.Const("9999"), Digits(3)),
            Gen.OneOf(Gen.Int[0, 13].Select(m => m.ToString("00", CultureInfo.InvariantCulture)), Digits(1)),
            Gen.Int[0, 32].Select(d => d.ToString("00", CultureInfo.InvariantCulture)),
            Gen.OneOf(Gen.Const(""), Gen.Select(Gen.OneOf(Gen.Const("T"), Gen.Const(" "), Gen.Const("t")), Gen.Int[0, 25], Gen.Int[0, 61])
                .Select((sep, h, m) => $"{sep}{h:00}:{m:00}")),
            Gen.OneOf(Gen.Const(""), Gen.Int[0, 61].Select(s => $":{s:00}")),
            Gen.OneOf(Gen.Const(""), Gen.Select(Gen.OneOf(Gen.Const("."), Gen.Const(",")), Gen.Int[0, 11]).SelectMany((sep, n) => Digits(n).Select(d => sep + d))),
            Gen.OneOf(Gen.Const(""), Gen.Const("Z"), Gen.Const("z"), Gen.Const("\n"), Gen.Const("\n\n"),
                Gen.Select(Gen.OneOf(Gen.Const("+"), Gen.Const("-")), Gen.Int[0, 25], Gen.OneOf(Gen.Const(""), Gen.Const(":"), Gen.Const("x")), Gen.OneOf(Gen.Const(""), Gen.Int[0, 61].Select(m => m.ToString("00", CultureInfo.InvariantCulture))))
                    .Select((sign, h, colon, m) => $"{sign}{h:00}{colon}{m}")))
        .Select((y, mo, d, time, seconds, fraction, zone) => $"{y}-{mo}-{d}{time}{seconds}{fraction}{zone}");

    /// <summary>Short strings of the characters timestamps are made of.</summary>
    private static readonly Gen<string> _timestampCharacters = Gen.Char["0123456789-T :.,Z+\n"].Array[0, 32].Select(c => new string(c));

    [Fact]
    public void TryParse_AgreesWithTheFormerRegularExpression_OnTimestampsAndNearMisses() =>
        Gen.OneOf(_timestampLike, _timestampCharacters).Sample(text =>
        {
            var expected = OracleTryParse(text, out var expectedUtc, out var expectedProblem);
            var actual = RecordTimestamp.TryParse(text, out var actualUtc, out var actualProblem);
            return expected == actual && expectedUtc == actualUtc && expectedProblem == actualProblem;
        }, iter: 20_000);

    [Theory]
    [InlineData("2024-03-01T12:00:00Z", "2024-03-01T12:00:00.0000000Z")]
    [InlineData("2024-03-01 12:00:00.123456", "2024-03-01T12:00:00.1234560Z")]
    [InlineData("2024-03-01T12:00:00.123456789+02:00", "2024-03-01T10:00:00.1234567Z")]
    [InlineData("2024-03-01T00:30-0130", "2024-03-01T02:00:00.0000000Z")]
    [InlineData("2024-03-01", "2024-03-01T00:00:00.0000000Z")]
    public void TryParse_ReadsTheFormsCinderWrites(string text, string expectedUtc)
    {
        Assert.True(RecordTimestamp.TryParse(text, out var utc, out _));
        Assert.Equal(expectedUtc, utc.ToString("O", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("٢٠٢٤-03-01")]
    [InlineData("2024-03-01T12:00:00.")]
    [InlineData("2024-03-01T12:00:00.1234567890")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    public void TryParse_RefusesWithoutThrowing(string text) =>
        Assert.False(RecordTimestamp.TryParse(text, out _, out _));

    [Fact]
    public void TryParse_AnOffsetPastTheEndOfTime_IsNotARealDateAndTime()
    {
        Assert.False(RecordTimestamp.TryParse("9999-12-31T23:59:59-23:59", out _, out var problem));
        Assert.Equal("is not a real date and time", problem);
    }
}
