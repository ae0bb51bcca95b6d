using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Portal.Core.Backups;
using Portal.Core.Exporting;
using Portal.Core.Importing;

namespace Portal.Api;

/// <summary>
/// The Block Storage v3 backup API, as the real <c>cinder</c> and <c>openstack</c> clients call it, on
/// the same Core services as the UI. Mounted under <c>/volume</c>, as devstack mounts Cinder, so the
/// portal's own pages keep <c>/</c>: clients use the endpoint <c>https://portal/volume/v3/&lt;project&gt;</c>.
/// </summary>
public static class CinderApiEndpoints
{
    public const string Prefix = "/volume";

    public static IHostApplicationBuilder AddCinderApi(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(CinderApiOptions.SectionName);
        builder.Services.Configure<CinderApiOptions>(section);
        var options = section.Get<CinderApiOptions>() ?? new CinderApiOptions();
        if (options.NoAuth && !builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "CinderApi:NoAuth trusts any 'user:project' token and is for tests in Development only. Remove it.");
        }
        if (options.PublicUrl is { Length: > 0 } publicUrl
            && !(Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0))
        {
            throw new InvalidOperationException(
                $"CinderApi:PublicUrl must be the portal's public http(s) address, e.g. https://portal.example.com, not '{publicUrl}'.");
        }
        builder.Services.AddSingleton<ApiRequestFilter>();
        builder.Services.AddSingleton<FailedAuthLimiter>();
        builder.Services.AddSingleton<OidcAccessTokens>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCinderApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix).AllowAnonymous().ExcludeFromDescription();
        // The cinder CLI asks the root before every command; Cinder answers 300 there and 200 under /v3/.
        api.MapGet("/", (HttpContext http) => Results.Json(Versions(http), statusCode: StatusCodes.Status300MultipleChoices));
        api.MapGet("/v3/", (HttpContext http) => Results.Json(Versions(http)));
        // The OpenAPI description, written by hand beside the code; a test keeps it route for route.
        api.MapGet("/openapi.json", () => Results.Stream(
            typeof(CinderApiEndpoints).Assembly.GetManifestResourceStream("Portal.Api.openapi.json")!, "application/json"));

        var v3 = api.MapGroup("/v3").AddEndpointFilter<ApiRequestFilter>();
        // Each route with the project in the URL and without it (the project-less form of 3.67).
        foreach (var routes in new[] { v3.MapGroup("/{project_id}/backups"), v3.MapGroup("/backups") })
        {
            routes.MapGet("/", (HttpContext http, BackupQueries backups, IOptions<CinderApiOptions> options) => ListAsync(http, backups, options.Value, detailed: false));
            routes.MapGet("/detail", (HttpContext http, BackupQueries backups, IOptions<CinderApiOptions> options) => ListAsync(http, backups, options.Value, detailed: true));
            routes.MapGet("/{backupId}", ShowAsync);
            routes.MapDelete("/{backupId}", DeleteAsync);
            routes.MapGet("/{backupId}/export_record", ExportAsync);
            routes.MapPost("/import_record", ImportAsync);
        }
        // The portal holds backups, not volumes: `openstack volume backup list` asks for volume names
        // to show beside backups, and an empty list is the true answer.
        foreach (var volumes in new[] { v3.MapGroup("/{project_id}/volumes"), v3.MapGroup("/volumes") })
        {
            volumes.MapGet("/", () => Results.Json(new JsonObject { ["volumes"] = new JsonArray() }));
            volumes.MapGet("/detail", () => Results.Json(new JsonObject { ["volumes"] = new JsonArray() }));
        }
        return endpoints;
    }

    private static JsonObject Versions(HttpContext http) => new()
    {
        ["versions"] = new JsonArray(new JsonObject
        {
            ["id"] = "v3.0",
            ["status"] = "CURRENT",
            ["version"] = ApiVersion.Maximum.ToString(),
            ["min_version"] = ApiVersion.Minimum.ToString(),
            ["updated"] = "2022-08-31T00:00:00Z",
            ["links"] = new JsonArray(
                new JsonObject { ["rel"] = "describedby", ["type"] = "text/html", ["href"] = "https://docs.openstack.org/" },
                new JsonObject { ["rel"] = "self", ["href"] = $"{ApiLinks.Origin(http)}{Prefix}/v3/" }),
            ["media-types"] = new JsonArray(new JsonObject
            {
                ["base"] = "application/json",
                ["type"] = "application/vnd.openstack.volume+json;version=3",
            }),
        }),
    };

    private static async Task<IResult> ListAsync(HttpContext http, BackupQueries backups, CinderApiOptions options, bool detailed)
    {
        var request = ApiRequest.Of(http);
        var (query, problem) = BackupListParameters.Parse(http.Request.Query, request, options.MaxLimit);
        if (query is null)
        {
            return CinderFaults.Fault(StatusCodes.Status400BadRequest, problem!);
        }
        var page = await backups.PageAsync(request.Context, query, http.RequestAborted);
        if (!page.IsSuccess)
        {
            return CinderFaults.From(page.Error);
        }
        var write = BackupJson.For(http).Writer(detailed);
        // A full page may have a successor: Cinder links it, and the clients follow the link.
        var next = query.Limit > 0 && page.Value.Items.Count == query.Limit ? BackupListParameters.NextLink(http, page.Value.Items[^1].Id) : null;
        return CinderJsonResult.Ok(json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("backups");
            foreach (var backup in page.Value.Items)
            {
                write(json, backup);
            }
            json.WriteEndArray();
            if (next is not null)
            {
                json.WriteStartArray("backups_links");
                json.WriteStartObject();
                json.WriteString("rel", "next");
                json.WriteString("href", next);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            if (page.Value.TotalCount is { } count)
            {
                json.WriteNumber("count", count);
            }
            json.WriteEndObject();
        });
    }

    private static async Task<IResult> ShowAsync(HttpContext http, string backupId, BackupQueries backups)
    {
        var found = await backups.GetAsync(ApiRequest.Of(http).Context, backupId, http.RequestAborted);
        return found.IsSuccess ? One(http, found.Value, StatusCodes.Status200OK, detailed: true) : CinderFaults.From(found.Error);
    }

    /// <summary>Cinder answers 202 and deletes later; here the backup is gone at once (softly: an import revives it).</summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, string backupId, DeleteService deleter)
    {
        var deleted = await deleter.DeleteAsync(ApiRequest.Of(http).Context, backupId, http.RequestAborted);
        return deleted.IsSuccess ? Results.StatusCode(StatusCodes.Status202Accepted) : CinderFaults.From(deleted.Error);
    }

    private static async Task<IResult> ExportAsync(HttpContext http, string backupId, ExportService exporter)
    {
        var exported = await exporter.ExportAsync(ApiRequest.Of(http).Context, backupId, http.RequestAborted);
        return exported.IsSuccess
            ? Results.Json(new JsonObject
            {
                ["backup-record"] = new JsonObject { ["backup_service"] = exported.Value.BackupService, ["backup_url"] = exported.Value.BackupUrl },
            })
            : CinderFaults.From(exported.Error);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, ImportService importer)
    {
        var context = ApiRequest.Of(http).Context;
        var body = await RequestBody.ReadAsync(http.Request, ImportEnvelope.MaxBodyBytes, http.RequestAborted);
        var request = body.IsWhole ? ImportEnvelope.Read(body.Bytes.Span) : ImportEnvelope.TooLarge(body.Length);
        if (!request.IsSuccess)
        {
            // Even a body that is no record is an attempt: audited, and kept as it came (its first 1 MiB).
            await importer.RejectUnreadableAsync(context, body.Bytes, request.Error, http.RequestAborted);
            return CinderFaults.From(request.Error);
        }
        var imported = await importer.ImportAsync(context, request.Value, http.RequestAborted);
        return imported.Backup is { } backup ? One(http, backup, StatusCodes.Status201Created, detailed: false) : CinderFaults.From(imported.Error!);
    }

    /// <summary><c>{"backup": {...}}</c>, as show (detailed) and import (the summary) answer.</summary>
    private static CinderJsonResult One(HttpContext http, Backup backup, int status, bool detailed)
    {
        var write = BackupJson.For(http).Writer(detailed);
        return new CinderJsonResult(status, json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("backup");
            write(json, backup);
            json.WriteEndObject();
        });
    }
}
