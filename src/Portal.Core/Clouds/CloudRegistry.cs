using Portal.Core.Common;

namespace Portal.Core.Clouds;

/// <summary>
/// The clouds of configuration (<c>Clouds:N:*</c>), each with its one session. A cloud whose entry
/// is wrong is kept with its problem, so the admin page and <c>Portal cloud list</c> can say so;
/// the web app refuses to start on one (as it does on the API's noauth outside Development).
/// </summary>
public sealed class CloudRegistry : IDisposable
{
    /// <summary>The named HTTP client every cloud call goes through (retries and time-outs: <see cref="CloudHttp"/>).</summary>
    public const string HttpClientName = "openstack";

    private readonly Dictionary<string, CloudSession> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _problems;

    public CloudRegistry(IEnumerable<CloudOptions> clouds, bool isDevelopment, IHttpClientFactory http, TimeProvider clock)
    {
        var all = clouds.ToList();
        _problems = CloudOptions.ProblemsOf(all, isDevelopment);
        foreach (var cloud in all.DistinctBy(c => c.Name, StringComparer.Ordinal))
        {
            Names.Add(cloud.Name);
            if (!_problems.ContainsKey(cloud.Name))
            {
                _sessions[cloud.Name] = new CloudSession(cloud, http.CreateClient(HttpClientName), clock);
            }
        }
    }

    /// <summary>Every configured name, in configuration order.</summary>
    public List<string> Names { get; } = [];

    /// <summary>The cloud's client, or why there is none.</summary>
    public Result<CinderClient> Find(string name) =>
        _sessions.TryGetValue(name, out var session) ? new CinderClient(session)
        : _problems.TryGetValue(name, out var problem) ? CloudErrors.Misconfigured(problem)
        : CloudErrors.NotFound(name, Names);

    public IEnumerable<CloudSession> Sessions => _sessions.Values;

    public void Dispose()
    {
        foreach (var session in _sessions.Values)
        {
            session.Dispose();
        }
    }
}
