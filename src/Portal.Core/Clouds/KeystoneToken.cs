using System.Text.Json;

namespace Portal.Core.Clouds;

/// <summary>A token Keystone issued to the portal, with what its body says about it.</summary>
public sealed record KeystoneToken(string Value, DateTime ExpiresAt, string UserId, string? ProjectId, IReadOnlyList<string> Roles, IReadOnlyList<CatalogEndpoint> VolumeEndpoints)
{
    /// <summary>Reads the body of <c>POST /v3/auth/tokens</c> (the token itself comes in <c>X-Subject-Token</c>).</summary>
    internal static KeystoneToken Parse(string value, JsonElement body)
    {
        var token = body.GetProperty("token");
        var roles = token.TryGetProperty("roles", out var r) ? r.EnumerateArray().Select(x => x.GetProperty("name").GetString()!).ToList() : [];
        var endpoints = new List<CatalogEndpoint>();
        if (token.TryGetProperty("catalog", out var catalog))
        {
            foreach (var service in catalog.EnumerateArray().Where(s => s.GetProperty("type").GetString() == "volumev3"))
            {
                endpoints.AddRange(service.GetProperty("endpoints").EnumerateArray().Select(e => new CatalogEndpoint(
                    e.GetProperty("interface").GetString()!,
                    e.TryGetProperty("region_id", out var region) ? region.GetString() : null,
                    e.GetProperty("url").GetString()!)));
            }
        }
        return new KeystoneToken(
            value,
            token.GetProperty("expires_at").GetDateTime().ToUniversalTime(),
            token.GetProperty("user").GetProperty("id").GetString()!,
            token.TryGetProperty("project", out var project) ? project.GetProperty("id").GetString() : null,
            roles,
            endpoints);
    }

    /// <summary>
    /// When to ask for the next one: a quarter of its life before it ends, at most five minutes, so a
    /// call started with it never meets its expiry.
    /// </summary>
    public DateTime RenewAt(DateTime issuedAt) =>
        ExpiresAt - TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, (ExpiresAt - issuedAt).Ticks / 4));
}

/// <summary>One endpoint of the catalog's volumev3 service.</summary>
public sealed record CatalogEndpoint(string Interface, string? Region, string Url);
