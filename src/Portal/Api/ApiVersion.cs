using System.Globalization;

namespace Portal.Api;

/// <summary>A Block Storage microversion, <c>3.NN</c>, negotiated from the <c>OpenStack-API-Version</c> header.</summary>
public readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    public static readonly ApiVersion Minimum = new(3, 0);

    /// <summary>Cinder Zed's maximum: what the real clients ask for (the backup API changes up to here are all served).</summary>
    public static readonly ApiVersion Maximum = new(3, 70);

    public const string HeaderName = "OpenStack-API-Version";

    public bool AtLeast(int major, int minor) => CompareTo(new ApiVersion(major, minor)) >= 0;

    public int CompareTo(ApiVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public override string ToString() => $"{Major}.{Minor}";

    /// <summary>
    /// As Cinder reads the header: the first comma-separated entry naming "volume"; absent means 3.0,
    /// "latest" the maximum. The failure carries the HTTP status Cinder answers with.
    /// </summary>
    public static (ApiVersion Version, int Status, string? Problem) Negotiate(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return (Minimum, 200, null);
        }
        var entry = header.Split(',').Select(e => e.Trim()).FirstOrDefault(e => e.Contains("volume", StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            return (Minimum, 400, $"The {HeaderName} header names no version for the volume service; send 'volume 3.NN'.");
        }
        var requested = entry["volume".Length..].Trim();
        if (requested.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return (Maximum, 200, null);
        }
        if (requested.Split('.') is not [var major, var minor]
            || !int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var majorNumber)
            || !int.TryParse(minor, NumberStyles.None, CultureInfo.InvariantCulture, out var minorNumber))
        {
            return (Minimum, 400, $"API Version String {requested} is of invalid format. Must be of format MajorNum.MinorNum.");
        }
        var version = new ApiVersion(majorNumber, minorNumber);
        return version.CompareTo(Minimum) < 0 || version.CompareTo(Maximum) > 0
            ? (Minimum, 406, $"Version {version} is not supported by the API. Minimum is {Minimum} and maximum is {Maximum}.")
            : (version, 200, null);
    }

    public static bool operator <(ApiVersion left, ApiVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(ApiVersion left, ApiVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(ApiVersion left, ApiVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ApiVersion left, ApiVersion right) => left.CompareTo(right) >= 0;
}
