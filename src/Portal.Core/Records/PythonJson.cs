using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Portal.Core.Records;

/// <summary>
/// Writes JSON exactly as Python's <c>json.dumps</c> does with its defaults (what Cinder uses):
/// separators <c>", "</c> and <c>": "</c>, <c>ensure_ascii</c> escaping with lower-case hex, and
/// Python's float repr. .NET's JSON writers differ in each of these, so records need this one.
/// </summary>
public static class PythonJson
{
    private static readonly char[] _hex = "0123456789abcdef".ToCharArray();

    /// <summary>A JSON string: <c>"</c> and <c>\</c> escaped, the five short escapes, <c>\uXXXX</c> for everything outside space..<c>~</c>.</summary>
    public static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is >= ' ' and <= '~' and not '"' and not '\\')
            {
                continue;
            }
            builder.Append(value, runStart, i - runStart);
            runStart = i + 1;
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    // A .NET char is a UTF-16 code unit, so astral characters come out as the two
                    // escaped surrogates Python writes.
                    builder.Append("\\u")
                        .Append(_hex[(c >> 12) & 0xF]).Append(_hex[(c >> 8) & 0xF])
                        .Append(_hex[(c >> 4) & 0xF]).Append(_hex[c & 0xF]);
                    break;
            }
        }
        builder.Append(value, runStart, value.Length - runStart).Append('"');
    }

    public static void WriteNullableString(StringBuilder builder, string? value)
    {
        if (value is null)
        {
            builder.Append("null");
        }
        else
        {
            WriteString(builder, value);
        }
    }

    /// <summary>A timestamp as oslo's isotime writes a UTC value: seconds precision (truncated), then <c>Z</c>.</summary>
    public static void WriteTimestamp(StringBuilder builder, DateTime? value)
    {
        if (value is not { } at)
        {
            builder.Append("null");
            return;
        }
        builder.Append('"')
            .Append(at.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture))
            .Append("Z\"");
    }

    public static void WriteMetadata(StringBuilder builder, BackupMetadata metadata)
    {
        builder.Append('{');
        for (var i = 0; i < metadata.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }
            WriteString(builder, metadata[i].Key);
            builder.Append(": ");
            WriteString(builder, metadata[i].Value);
        }
        builder.Append('}');
    }

    /// <summary>
    /// Any JSON value as Python would write it after <c>json.loads</c>: integers as written
    /// (but <c>-0</c> becomes <c>0</c>), other numbers through Python's float repr. The value must
    /// be free of duplicate keys, lone surrogates and non-finite numbers (the decoder checks).
    /// </summary>
    public static void WriteValue(StringBuilder builder, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var firstProperty = true;
                foreach (var property in value.EnumerateObject())
                {
                    if (!firstProperty)
                    {
                        builder.Append(", ");
                    }
                    firstProperty = false;
                    WriteString(builder, property.Name);
                    builder.Append(": ");
                    WriteValue(builder, property.Value);
                }
                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var firstItem = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        builder.Append(", ");
                    }
                    firstItem = false;
                    WriteValue(builder, item);
                }
                builder.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(builder, value.GetString()!);
                break;
            case JsonValueKind.Number:
                WriteNumber(builder, value.GetRawText());
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    /// <summary>True when a JSON number literal is a Python float (it has a fraction or an exponent).</summary>
    public static bool IsFloatLiteral(string literal) => literal.AsSpan().IndexOfAny('.', 'e', 'E') >= 0;

    private static void WriteNumber(StringBuilder builder, string literal)
    {
        if (!IsFloatLiteral(literal))
        {
            builder.Append(literal == "-0" ? "0" : literal);
            return;
        }
        builder.Append(FloatRepr(double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Python's <c>repr(float)</c>: the shortest digits that read back to the same double, in
    /// positional notation when the decimal exponent is in -4..15 (always with a fraction, so
    /// <c>1.0</c>), otherwise as <c>d.ddde+XX</c>.
    /// </summary>
    public static string FloatRepr(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no representation for non-finite numbers.");
        }
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // .NET's "R" gives the shortest round-tripping digits; only their layout differs from Python.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        var body = negative ? shortest[1..] : shortest;
        var exponentAt = body.IndexOf('E');
        var exponent = exponentAt < 0 ? 0 : int.Parse(body[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? body : body[..exponentAt];
        var dot = mantissa.IndexOf('.');
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var fractionPart = dot < 0 ? "" : mantissa[(dot + 1)..];

        // value = 0.DIGITS × 10^pointPosition, with DIGITS free of leading and trailing zeros.
        var allDigits = integerPart + fractionPart;
        var pointPosition = integerPart.Length + exponent;
        var leadingZeros = allDigits.Length - allDigits.TrimStart('0').Length;
        var digits = allDigits.Trim('0');
        pointPosition -= leadingZeros;

        var result = new StringBuilder(32);
        if (negative)
        {
            result.Append('-');
        }
        if (pointPosition is > -4 and <= 16)
        {
            if (pointPosition <= 0)
            {
                result.Append("0.").Append('0', -pointPosition).Append(digits);
            }
            else if (pointPosition >= digits.Length)
            {
                result.Append(digits).Append('0', pointPosition - digits.Length).Append(".0");
            }
            else
            {
                result.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
            }
        }
        else
        {
            result.Append(digits[0]);
            if (digits.Length > 1)
            {
                result.Append('.').Append(digits, 1, digits.Length - 1);
            }
            var scientificExponent = pointPosition - 1;
            result.Append('e').Append(scientificExponent < 0 ? '-' : '+')
                .Append(Math.Abs(scientificExponent).ToString("00", CultureInfo.InvariantCulture));
        }
        return result.ToString();
    }
}
