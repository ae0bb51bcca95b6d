using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Core.Clouds;

/// <summary>
/// The calls the portal makes to a cloud's Cinder (<c>docs/cinder-api.md</c>): list every backup,
/// export and import records, show one. Transient failures (5xx, time-outs) are retried with
/// back-off by the HTTP client's resilience pipeline; what still fails comes out as a
/// <see cref="CloudException"/> that names the cloud and Cinder's own message.
/// </summary>
public sealed class CinderClient(CloudSession session)
{
    /// <summary>Cinder's own cap on <c>limit</c> (<c>osapi_max_limit</c>).</summary>
    public const int MaxPage = 1000;

    public CloudSession Session => session;

    /// <summary>
    /// One page of every project's backups, oldest first (so backups made during a sync come on later
    /// pages and marker paging misses none), after <paramref name="marker"/>.
    /// </summary>
    public async Task<CinderBackupPage> ListAsync(string? marker, int limit, CancellationToken ct)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"backups/detail?all_tenants=1&sort=created_at:asc,id:asc&limit={Math.Clamp(limit, 1, MaxPage)}");
        if (marker is not null)
        {
            query += "&marker=" + Uri.EscapeDataString(marker);
        }
        using var response = await SendAsync(null, url => new HttpRequestMessage(HttpMethod.Get, $"{url}/{query}"), "the backup list", ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var backups = body.RootElement.GetProperty("backups").EnumerateArray().Select(CinderBackup.Parse).ToList();
        var more = body.RootElement.TryGetProperty("backups_links", out var links)
                   && links.EnumerateArray().Any(l => l.TryGetProperty("rel", out var rel) && rel.GetString() == "next");
        return new CinderBackupPage(backups, more && backups.Count > 0 ? backups[^1].Id : null);
    }

    /// <summary><c>GET …/backups/{id}/export_record</c>: the record exactly as Cinder encodes it.</summary>
    public async Task<CinderRecord> ExportAsync(string backupId, CancellationToken ct)
    {
        using var response = await SendAsync(null, url => new HttpRequestMessage(HttpMethod.Get, $"{url}/backups/{Uri.EscapeDataString(backupId)}/export_record"),
            $"the export of backup {backupId}", ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var record = body.RootElement.GetProperty("backup-record");
        return new CinderRecord(record.GetProperty("backup_service").GetString() ?? "", record.GetProperty("backup_url").GetString() ?? "");
    }

    /// <summary>
    /// <c>POST …/backups/import_record</c> as the token of <paramref name="projectId"/>: Cinder makes
    /// the backup that project's (never the record's) and answers before it is available.
    /// </summary>
    public async Task<string> ImportAsync(string projectId, CinderRecord record, CancellationToken ct)
    {
        var body = new JsonObject { ["backup-record"] = new JsonObject { ["backup_service"] = record.BackupService, ["backup_url"] = record.BackupUrl } };
        using var response = await SendAsync(projectId, url => new HttpRequestMessage(HttpMethod.Post, $"{url}/backups/import_record") { Content = CloudHttp.Json(body) },
            "the import of a record", ct);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return answer.RootElement.GetProperty("backup").GetProperty("id").GetString()!;
    }

    /// <summary><c>GET …/backups/{id}</c> across projects; null when Cinder has no such backup.</summary>
    public async Task<CinderBackup?> ShowAsync(string backupId, CancellationToken ct)
    {
        try
        {
            using var response = await SendAsync(null, url => new HttpRequestMessage(HttpMethod.Get, $"{url}/backups/{Uri.EscapeDataString(backupId)}"), $"backup {backupId}", ct);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return CinderBackup.Parse(body.RootElement.GetProperty("backup"));
        }
        catch (CloudException e) when (StatusOf(e) == 404)
        {
            return null;
        }
    }

    /// <summary>Whether the cloud answers: a token, the endpoint and the microversion.</summary>
    public async Task<CloudHealth> CheckAsync(CancellationToken ct)
    {
        try
        {
            var token = await session.TokenAsync(null, ct);
            var url = session.ProjectUrl(token);
            var microversion = await session.MicroversionAsync(ct);
            return new CloudHealth(session.Name, true, url, microversion.ToString(), null);
        }
        catch (CloudException e)
        {
            return new CloudHealth(session.Name, false, session.Options.Endpoint, null, e.Error);
        }
    }

    /// <summary>
    /// Sends a request to Cinder as the token of <paramref name="projectId"/> sees it; a 401 (a token
    /// revoked before its time) is answered once with a new token. Any answer other than 2xx throws.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(string? projectId, Func<string, HttpRequestMessage> build, string what, CancellationToken ct)
    {
        var microversion = await session.MicroversionAsync(ct);
        for (var attempt = 0; ; attempt++)
        {
            var token = await session.TokenAsync(projectId, ct);
            var url = session.ProjectUrl(token);
            var response = await SendCheckedAsync(session, () =>
            {
                var request = build(url);
                request.Headers.Add("X-Auth-Token", token.Value);
                request.Headers.Add("OpenStack-API-Version", CloudSession.Format(microversion));
                return request;
            }, what, ct, allowUnauthorized: attempt == 0);
            if (!CloudSession.IsUnauthorized(response))
            {
                return response;
            }
            response.Dispose();
            session.Forget(projectId);
        }
    }

    /// <summary>Sends, and turns failures into the cloud's errors (a 401 is let through when asked).</summary>
    internal static async Task<HttpResponseMessage> SendCheckedAsync(CloudSession session, Func<HttpRequestMessage> build, string what, CancellationToken ct, bool allowUnauthorized = false)
    {
        using var request = build();
        HttpResponseMessage response;
        try
        {
            response = await session.Http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            throw new CloudException(CloudErrors.CinderUnreachable(session.Name, request.RequestUri?.GetLeftPart(UriPartial.Authority) ?? "?", Describe(e)), e);
        }
        if (response.IsSuccessStatusCode || (allowUnauthorized && CloudSession.IsUnauthorized(response)))
        {
            return response;
        }
        using (response)
        {
            var message = FaultMessage(await response.Content.ReadAsStringAsync(ct));
            throw new CloudException((int)response.StatusCode >= 500
                ? CloudErrors.CinderUnreachable(session.Name, request.RequestUri?.GetLeftPart(UriPartial.Authority) ?? "?", $"HTTP {(int)response.StatusCode} for {what}{(message is null ? "" : ": " + message)}")
                : CloudErrors.Refused(session.Name, what, (int)response.StatusCode, message))
            {
                Data = { ["status"] = (int)response.StatusCode },
            };
        }
    }

    /// <summary>The HTTP status a refusal came with, when it came from Cinder.</summary>
    public static int? StatusOf(CloudException e) => e.Data["status"] as int?;

    /// <summary>Cinder's faults: <c>{"badRequest": {"message": "...", "code": 400}}</c>, whatever the name.</summary>
    internal static string? FaultMessage(string text)
    {
        try
        {
            var body = JsonNode.Parse(text);
            return body is JsonObject fault && fault.FirstOrDefault().Value is JsonObject inner && inner["message"] is JsonValue message
                ? message.GetValue<string>()
                : null;
        }
        catch (JsonException)
        {
            return text.Length > 200 ? text[..200] : text;
        }
    }

    internal static string Describe(Exception e) => e switch
    {
        TaskCanceledException or TimeoutException => "no answer in time",
        HttpRequestException { InnerException: { } inner } => inner.Message,
        _ => e.Message,
    };
}

/// <summary>A record as Cinder's export_record gives it.</summary>
public sealed record CinderRecord(string BackupService, string BackupUrl);

public sealed record CinderBackupPage(IReadOnlyList<CinderBackup> Backups, string? NextMarker);

/// <summary>How a cloud answers, for its page and <c>Portal cloud list</c>.</summary>
public sealed record CloudHealth(string Name, bool Answers, string? Endpoint, string? Microversion, Common.Error? Error);

/// <summary>One backup of Cinder's list (<c>backups/detail</c>), the fields a sync compares.</summary>
public sealed record CinderBackup(string Id, string Status, string? ProjectId, string? UserId, DateTime? CreatedAt, DateTime? UpdatedAt, string? Name, int Size)
{
    /// <summary>Cinder's reason for <c>error</c>, when the answer has it (show, and detail at any microversion).</summary>
    public string? FailReason { get; init; }

    /// <summary>
    /// A digest of everything Cinder lists of the backup but its updated_at, which Cinder moves on
    /// every export_record: a sync exports again only when this changes, never because it exported.
    /// </summary>
    public string Fingerprint { get; init; } = "";

    internal static CinderBackup Parse(JsonElement b) => new(
        b.GetProperty("id").GetString()!,
        b.GetProperty("status").GetString() ?? "",
        Text(b, "os-backup-project-attr:project_id"),
        Text(b, "user_id"),
        Time(b, "created_at"),
        Time(b, "updated_at"),
        Text(b, "name"),
        b.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt32() : 0)
    {
        FailReason = Text(b, "fail_reason"),
        Fingerprint = FingerprintOf(b),
    };

    private static string FingerprintOf(JsonElement b)
    {
        var fields = b.EnumerateObject().Where(p => p.Name is not ("updated_at" or "links"))
            .OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.GetRawText()}");
        return Common.Sha256Text.Hex(string.Join('\n', fields));
    }

    private static string? Text(JsonElement b, string key) => b.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Cinder writes UTC without a zone (<c>2026-12-03T07:00:00.000000</c>).</summary>
    private static DateTime? Time(JsonElement b, string key) =>
        Text(b, key) is { } text && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
