using System.Globalization;

namespace Portal.Components;

public static class Sizes
{
    private static readonly string[] _units = ["bytes", "KB", "MB", "GB", "TB"];

    /// <summary>A byte count for people: 1,234 bytes, 12.3 MB (powers of 1,024).</summary>
    public static string Bytes(long bytes)
    {
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < _units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes.ToString("N0", CultureInfo.CurrentCulture)} {_units[0]}" : $"{value.ToString("0.#", CultureInfo.CurrentCulture)} {_units[unit]}";
    }
}
