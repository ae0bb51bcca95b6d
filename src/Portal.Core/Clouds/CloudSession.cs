using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Portal.Core.Clouds;

/// <summary>
/// The portal's connection to one cloud: Keystone tokens kept per project and renewed before they
/// expire, Cinder's volumev3 endpoint from the catalog (or configuration), and the microversion
/// both sides speak, negotiated once from <c>GET /v3/</c>.
/// </summary>
public sealed class CloudSession : IDisposable
{
    /// <summary>The newest microversion whose answers the portal was checked against (Cinder Zed, 21.x).</summary>
    public static readonly Version NewestKnownMicroversion = new(3, 70);

    /// <summary>
    /// Without 3.18 a backup's project is not in the list, without 3.56 its user: older Cinders can
    /// still be synced, with the owner taken from each record.
    /// </summary>
    public static readonly Version OwnerInListMicroversion = new(3, 56);

    /// <summary>noauth Cinder wants hex project ids; this one scopes the portal's own listing calls.</summary>
    private const string NoAuthProject = "00000000000000000000000000000000";

    private readonly KeystoneClient? _keystone;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, (KeystoneToken Token, DateTime RenewAt)> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _issuing = new(1, 1);
    private Version? _microversion;

    internal CloudSession(CloudOptions options, HttpClient http, TimeProvider clock)
    {
        Options = options;
        Http = http;
        _clock = clock;
        _keystone = options.NoAuth ? null : new KeystoneClient(http, options);
    }

    public CloudOptions Options { get; }

    public string Name => Options.Name;

    internal HttpClient Http { get; }

    /// <summary>How many tokens Keystone has issued to this session (renewals show here).</summary>
    public int TokensIssued { get; private set; }

    /// <summary>
    /// A valid token scoped to <paramref name="projectId"/> (null: the cloud's own project), issued
    /// anew when the kept one is within its renewal margin of expiry.
    /// </summary>
    public async Task<KeystoneToken> TokenAsync(string? projectId, CancellationToken ct)
    {
        if (_keystone is null)
        {
            return new KeystoneToken($"portal:{projectId ?? NoAuthProject}", DateTime.MaxValue, "portal", projectId ?? NoAuthProject, ["admin"], []);
        }
        var key = projectId ?? "";
        if (_tokens.TryGetValue(key, out var kept) && Now < kept.RenewAt)
        {
            return kept.Token;
        }
        await _issuing.WaitAsync(ct);
        try
        {
            if (_tokens.TryGetValue(key, out kept) && Now < kept.RenewAt)
            {
                return kept.Token;
            }
            var issuedAt = Now;
            var token = await _keystone.IssueAsync(projectId, ct);
            TokensIssued++;
            _tokens[key] = (token, token.RenewAt(issuedAt));
            return token;
        }
        finally
        {
            _issuing.Release();
        }
    }

    /// <summary>Forgets a token Cinder refused (revoked early): the next call gets a new one.</summary>
    internal void Forget(string? projectId) => _tokens.TryRemove(projectId ?? "", out _);

    /// <summary>The Cinder URL of the token's project, <c>…/v3/{project_id}</c>.</summary>
    public string ProjectUrl(KeystoneToken token)
    {
        if (!string.IsNullOrWhiteSpace(Options.Endpoint))
        {
            return $"{Options.Endpoint.TrimEnd('/')}/{token.ProjectId}";
        }
        var endpoint = token.VolumeEndpoints.FirstOrDefault(e => e.Interface == Options.Interface && (Options.Region is null || e.Region == Options.Region))
                       ?? throw new CloudException(CloudErrors.NoVolumeEndpoint(Name, Options.Interface, Options.Region));
        // Keystone fills the project into the template; an endpoint registered without it gets it appended.
        var url = endpoint.Url.TrimEnd('/');
        return token.ProjectId is { } project && !url.EndsWith("/" + project, StringComparison.Ordinal) ? $"{url}/{project}" : url;
    }

    /// <summary>The microversion to send: Cinder's newest, at most <see cref="NewestKnownMicroversion"/>.</summary>
    public async Task<Version> MicroversionAsync(CancellationToken ct)
    {
        if (_microversion is { } known)
        {
            return known;
        }
        var token = await TokenAsync(null, ct);
        var projectUrl = ProjectUrl(token);
        var versionsUrl = projectUrl[..(projectUrl.LastIndexOf('/') + 1)];
        // Behind Keystone, Cinder's /v3/ wants a token too (only its root "/" is open).
        using var response = await CinderClient.SendCheckedAsync(this, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, versionsUrl);
            request.Headers.Add("X-Auth-Token", token.Value);
            return request;
        }, "the version list", ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var newest = body.RootElement.GetProperty("versions").EnumerateArray()
            .Where(v => v.TryGetProperty("version", out var x) && !string.IsNullOrEmpty(x.GetString()))
            .Select(v => Version.Parse(v.GetProperty("version").GetString()!))
            .DefaultIfEmpty(new Version(3, 0))
            .Max()!;
        _microversion = newest < NewestKnownMicroversion ? newest : NewestKnownMicroversion;
        return _microversion;
    }

    public void Dispose() => _issuing.Dispose();

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    internal static string Format(Version microversion) => string.Create(CultureInfo.InvariantCulture, $"volume {microversion.Major}.{microversion.Minor}");

    internal static bool IsUnauthorized(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.Unauthorized;
}
