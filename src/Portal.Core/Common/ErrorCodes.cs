namespace Portal.Core.Common;

/// <summary>
/// The stable error codes of the contract (§4): the same in the UI, the API, the CLI and the audit log.
/// </summary>
public static class ErrorCodes
{
    public const string NotBase64 = "record.not_base64";
    public const string NotJson = "record.not_json";
    public const string NotObject = "record.not_object";
    public const string DuplicateKey = "record.duplicate_key";
    public const string MissingId = "record.missing_id";
    public const string MissingFields = "record.missing_fields";
    public const string InvalidField = "record.invalid_field";
    public const string TooLarge = "record.too_large";
    public const string ImportForbidden = "import.forbidden";
    public const string ServiceNotFound = "import.service_not_found";
    public const string AlreadyExists = "import.already_exists";
    public const string OverQuota = "import.over_quota";
    public const string ExportNotAvailable = "export.not_available";

    /// <summary>
    /// Not in contract §4, which has no code for a role that may see a backup but not export it
    /// (a reader, or a member under the admin-only setting). Reusing <c>import.forbidden</c> there
    /// would mislead, so exports get their own code.
    /// </summary>
    public const string ExportForbidden = "export.forbidden";

    public const string BackupNotFound = "backup.not_found";

    /// <summary>
    /// Not in contract §4, which covers no deletes: the codes of a delete the API refuses (issue 5).
    /// A role that may not delete; a backup not available or in error; incremental backups built on it.
    /// </summary>
    public const string DeleteForbidden = "delete.forbidden";

    public const string DeleteInvalidState = "delete.invalid_state";

    public const string DeleteHasDependents = "delete.has_dependents";

    /// <summary>Not in contract §4: an API token that cannot be created as asked (issue 5).</summary>
    public const string InvalidToken = "token.invalid";

    /// <summary>
    /// Not in contract §4, which knows no clouds (issue 14): a cloud that is not configured, badly
    /// configured, does not answer, refuses the portal's credentials, has no Cinder in its catalog,
    /// or refuses a call.
    /// </summary>
    public const string CloudNotFound = "cloud.not_found";

    public const string CloudMisconfigured = "cloud.misconfigured";

    public const string CloudUnreachable = "cloud.unreachable";

    public const string CloudAuthFailed = "cloud.auth_failed";

    public const string CloudNoEndpoint = "cloud.no_endpoint";

    public const string CloudRefused = "cloud.refused";

    /// <summary>A cloud that has a run open already; a restore into a project the portal's user has no role in.</summary>
    public const string CloudBusy = "cloud.busy";

    public const string CloudNoRole = "cloud.no_role";

    /// <summary>A restore's record Cinder did not make available: its fail_reason, or no answer in time.</summary>
    public const string CloudImportFailed = "cloud.import_failed";

    /// <summary>A restore's record whose id Cinder holds with other content.</summary>
    public const string CloudClash = "cloud.clash";
}
