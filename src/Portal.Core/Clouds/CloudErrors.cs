using Portal.Core.Common;

namespace Portal.Core.Clouds;

/// <summary>
/// What goes wrong between the portal and a cloud. Not in contract §4, which knows no clouds
/// (issue 14): each code says which side failed, and the message what to do about it.
/// </summary>
public static class CloudErrors
{
    public static Error NotFound(string name, IEnumerable<string> known) =>
        new(ErrorCodes.CloudNotFound, $"No cloud is called '{name}'. Configured clouds: {Names(known)}.");

    public static Error Misconfigured(string problem) => new(ErrorCodes.CloudMisconfigured, problem);

    public static Error KeystoneUnreachable(string cloud, string url, string why) =>
        new(ErrorCodes.CloudUnreachable, $"Keystone of cloud '{cloud}' at {url} does not answer ({why}). Check Clouds:N:AuthUrl and that Keystone runs.");

    public static Error CinderUnreachable(string cloud, string url, string why) =>
        new(ErrorCodes.CloudUnreachable, $"Cinder of cloud '{cloud}' at {url} does not answer ({why}). Check that cinder-api runs, and the catalog's volumev3 endpoint or Clouds:N:Endpoint.");

    public static Error AuthFailed(string cloud, int status, string? message) =>
        new(ErrorCodes.CloudAuthFailed, $"Keystone of cloud '{cloud}' refused the portal's credentials (HTTP {status}{Detail(message)}). " +
            "Check Clouds:N:ApplicationCredentialId and ApplicationCredentialSecret, or Username, Password and ProjectName.");

    public static Error NoVolumeEndpoint(string cloud, string @interface, string? region) =>
        new(ErrorCodes.CloudNoEndpoint, $"The catalog of cloud '{cloud}' has no volumev3 endpoint on interface '{@interface}'{(region is null ? "" : $" in region '{region}'")}. " +
            "Register Cinder's v3 endpoint in Keystone, or set Clouds:N:Interface, Region or Endpoint.");

    public static Error Refused(string cloud, string what, int status, string? message) =>
        new(ErrorCodes.CloudRefused, $"Cinder of cloud '{cloud}' refused {what} (HTTP {status}{Detail(message)}).");

    private static string Detail(string? message) => string.IsNullOrWhiteSpace(message) ? "" : $": {message}";

    private static string Names(IEnumerable<string> known)
    {
        var names = string.Join(", ", known);
        return names.Length == 0 ? "none (add Clouds:0:Name and its Keystone credentials)" : names;
    }
}

/// <summary>A call to a cloud that failed: carries the error every door shows.</summary>
public sealed class CloudException(Error error, Exception? inner = null) : Exception(error.Message, inner)
{
    public Error Error { get; } = error;
}
