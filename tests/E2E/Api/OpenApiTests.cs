using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.E2E.Web;

namespace Portal.Tests.E2E.Api;

/// <summary>The API's OpenAPI description is served, and names exactly the routes the portal answers.</summary>
[Collection(nameof(PortalServerCollection))]
public sealed class OpenApiTests(PortalServer server)
{
    [Fact]
    public async Task Description_ListsEveryApiRouteAndMethod_AndNothingElse()
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        var document = (await client.GetFromJsonAsync<JsonObject>("/volume/openapi.json", TestContext.Current.CancellationToken))!;

        Assert.Equal("3.1.0", (string)document["openapi"]!);
        var described = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(m => m.Key is "get" or "post" or "delete" or "put").Select(m => $"{m.Key.ToUpperInvariant()} {path.Key}"))
            .Order().ToList();
        var served = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/volume/", StringComparison.Ordinal) == true && !e.RoutePattern.RawText.EndsWith("openapi.json", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Order().ToList();
        Assert.Equal(served, described);
    }

    /// <summary>The route as the document writes it: under the /volume server, the id named as Cinder names it.</summary>
    private static string Normalize(string route)
    {
        var path = route["/volume".Length..].Replace("{backupId}", "{backup_id}", StringComparison.Ordinal);
        return path.Length > 1 && path.EndsWith('/') && path != "/v3/" ? path.TrimEnd('/') : path;
    }
}
