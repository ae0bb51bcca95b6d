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

    public static Error Busy(string cloud, Runs.CloudRun open) =>
        new(ErrorCodes.CloudBusy, $"Cloud '{cloud}' is busy with a {open.Kind} run ({open.Id}, {open.Status}, started by {open.ActorName ?? open.ActorUserId}). " +
            "A cloud runs one thing at a time: wait for it to finish, then start again.");

    public static Error NoRole(string cloud, string projectId, string? user, string? userDomain) =>
        new(ErrorCodes.CloudNoRole, user is null
            ? $"Cloud '{cloud}' signs in with an application credential, which is bound to its own project: Cinder would put the backup into that project, not {projectId}. " +
              "Give the cloud a user and password (Clouds:N:Username, Password, ProjectName) with a role in each project to restore into."
            : $"The portal's user '{user}' has no role in project {projectId} of cloud '{cloud}', and Cinder puts an imported backup into the token's project. " +
              $"Give it one: openstack role add --user {user} --user-domain {userDomain} --project {projectId} admin");

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
