namespace Portal.Core.Clouds;

/// <summary>
/// One OpenStack cloud the portal keeps the backup records of (<c>Clouds:N:*</c>): where its
/// Keystone is, the credentials the portal signs in with, and how often to sync.
/// </summary>
public sealed class CloudOptions
{
    public const string SectionName = "Clouds";

    /// <summary>The name operators use for the cloud (<c>--cloud</c>, the admin page); unique.</summary>
    public string Name { get; set; } = "";

    /// <summary>Keystone's URL, with or without <c>/v3</c>: <c>https://keystone.example.com:5000</c>.</summary>
    public string? AuthUrl { get; set; }

    /// <summary>An application credential (bound to its own project; tokens cannot be scoped elsewhere).</summary>
    public string? ApplicationCredentialId { get; set; }

    public string? ApplicationCredentialSecret { get; set; }

    /// <summary>Or a user and password, which can ask for a token scoped to any project it has a role in.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    public string UserDomain { get; set; } = "Default";

    /// <summary>The project the user's tokens for listing and exporting are scoped to (needs the admin role there).</summary>
    public string? ProjectName { get; set; }

    public string ProjectDomain { get; set; } = "Default";

    /// <summary>The catalog region of the volumev3 endpoint; null takes the first.</summary>
    public string? Region { get; set; }

    /// <summary>The catalog interface of the volumev3 endpoint: <c>public</c>, <c>internal</c> or <c>admin</c>.</summary>
    public string Interface { get; set; } = "public";

    /// <summary>
    /// Cinder's <c>/v3</c> URL, overriding the catalog (<c>http://cinder:8776/v3</c>); with
    /// <see cref="NoAuth"/>, the only way to find Cinder.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// Cinder runs with <c>auth_strategy = noauth</c> (tests): tokens are <c>user:project</c> and
    /// every caller is admin. Refused outside Development, like the API's own noauth.
    /// </summary>
    public bool NoAuth { get; set; }

    /// <summary>How often a sync starts by itself; null: only on demand.</summary>
    public TimeSpan? SyncEvery { get; set; }

    /// <summary>How many export_record calls are in flight at once during a sync.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>What is wrong with the configured clouds, by name (an entry's own problem, or a name given twice).</summary>
    public static Dictionary<string, string> ProblemsOf(IEnumerable<CloudOptions> clouds, bool isDevelopment)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cloud in clouds)
        {
            if ((seen.Add(cloud.Name) ? cloud.Problem(isDevelopment) : $"Clouds: the name '{cloud.Name}' is given twice; every cloud needs a name of its own.") is { } problem)
            {
                problems.TryAdd(cloud.Name, problem);
            }
        }
        return problems;
    }

    /// <summary>What is wrong with this entry, for the operator who wrote it; null when it can be used.</summary>
    public string? Problem(bool isDevelopment)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            return "Every entry of Clouds needs a Name (Clouds:N:Name), which operators use to pick the cloud.";
        }
        if (NoAuth)
        {
            return !isDevelopment
                ? $"Clouds:{Name}: NoAuth trusts any 'user:project' token and is for tests in Development only. Remove it and give Keystone credentials."
                : string.IsNullOrWhiteSpace(Endpoint) ? $"Clouds:{Name}: NoAuth needs Endpoint, Cinder's /v3 URL (there is no catalog without Keystone)." : null;
        }
        if (string.IsNullOrWhiteSpace(AuthUrl))
        {
            return $"Clouds:{Name}: AuthUrl (Keystone's URL) is missing.";
        }
        var applicationCredential = !string.IsNullOrWhiteSpace(ApplicationCredentialId);
        var password = !string.IsNullOrWhiteSpace(Username);
        if (applicationCredential == password)
        {
            return $"Clouds:{Name}: give either ApplicationCredentialId and ApplicationCredentialSecret, or Username, Password and ProjectName.";
        }
        if (applicationCredential && string.IsNullOrEmpty(ApplicationCredentialSecret))
        {
            return $"Clouds:{Name}: ApplicationCredentialSecret is missing.";
        }
        if (password && (string.IsNullOrEmpty(Password) || string.IsNullOrWhiteSpace(ProjectName)))
        {
            return $"Clouds:{Name}: a user needs Password and ProjectName (the project its listing token is scoped to).";
        }
        return Parallelism is < 1 or > 32 ? $"Clouds:{Name}: Parallelism must be between 1 and 32." : null;
    }
}
