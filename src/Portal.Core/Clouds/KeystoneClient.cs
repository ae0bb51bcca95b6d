using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Core.Clouds;

/// <summary>Asks a cloud's Keystone for tokens: <c>POST /v3/auth/tokens</c>, with the cloud's credentials.</summary>
internal sealed class KeystoneClient(HttpClient http, CloudOptions cloud)
{
    private readonly string _tokensUrl = $"{IdentityV3(cloud.AuthUrl!)}/auth/tokens";

    /// <summary>
    /// A new token: for an application credential, the project it is bound to; for a user, scoped to
    /// <paramref name="projectId"/> or, when null, to the configured project.
    /// </summary>
    public async Task<KeystoneToken> IssueAsync(string? projectId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _tokensUrl) { Content = CloudHttp.Json(Body(projectId)) };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new CloudException(CloudErrors.KeystoneUnreachable(cloud.Name, cloud.AuthUrl!, CinderClient.Describe(e)), e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
            {
                throw new CloudException(CloudErrors.AuthFailed(cloud.Name, (int)response.StatusCode, KeystoneMessage(text)));
            }
            if (!response.IsSuccessStatusCode || !response.Headers.TryGetValues("X-Subject-Token", out var values))
            {
                throw new CloudException(CloudErrors.KeystoneUnreachable(cloud.Name, cloud.AuthUrl!, $"HTTP {(int)response.StatusCode}{(KeystoneMessage(text) is { } m ? ": " + m : "")}"));
            }
            using var body = JsonDocument.Parse(text);
            return KeystoneToken.Parse(values.First(), body.RootElement);
        }
    }

    /// <summary>Keystone's v3 root, whether the operator wrote it with <c>/v3</c> or without.</summary>
    internal static string IdentityV3(string authUrl)
    {
        var root = authUrl.TrimEnd('/');
        return root.EndsWith("/v3", StringComparison.Ordinal) ? root : root + "/v3";
    }

    private JsonObject Body(string? projectId)
    {
        JsonObject identity;
        JsonObject? scope = null;
        if (!string.IsNullOrWhiteSpace(cloud.ApplicationCredentialId))
        {
            // An application credential may not ask for a scope: its token is for its own project.
            identity = new JsonObject
            {
                ["methods"] = new JsonArray("application_credential"),
                ["application_credential"] = new JsonObject { ["id"] = cloud.ApplicationCredentialId, ["secret"] = cloud.ApplicationCredentialSecret },
            };
        }
        else
        {
            identity = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject
                {
                    ["user"] = new JsonObject { ["name"] = cloud.Username, ["domain"] = new JsonObject { ["name"] = cloud.UserDomain }, ["password"] = cloud.Password },
                },
            };
            scope = new JsonObject
            {
                ["project"] = projectId is null
                    ? new JsonObject { ["name"] = cloud.ProjectName, ["domain"] = new JsonObject { ["name"] = cloud.ProjectDomain } }
                    : new JsonObject { ["id"] = projectId },
            };
        }
        var auth = new JsonObject { ["identity"] = identity };
        if (scope is not null)
        {
            auth["scope"] = scope;
        }
        return new JsonObject { ["auth"] = auth };
    }

    /// <summary>Keystone's own words: <c>{"error": {"message": ...}}</c>.</summary>
    private static string? KeystoneMessage(string text)
    {
        try
        {
            using var body = JsonDocument.Parse(text);
            return body.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return text.Length > 200 ? text[..200] : text;
        }
    }
}
