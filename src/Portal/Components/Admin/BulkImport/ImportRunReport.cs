using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Auth;
using Portal.Cli;
using Portal.Core.Importing.Runs;
using Portal.Core.Tenancy;

namespace Portal.Components.Admin.BulkImport;

/// <summary>A run's per-record report as CSV or JSON, with the page's filters, streamed.</summary>
public static class ImportRunReport
{
    public static string Url(Guid runId, string format, ImportRunItemQuery query) =>
        QueryHelpers.AddQueryString($"/admin/bulk-import/{runId}/report.{format}", new Dictionary<string, string?>
        {
            ["outcome"] = query.Outcome,
            ["code"] = query.Code,
        }.Where(p => !string.IsNullOrEmpty(p.Value)));

    public static IEndpointRouteBuilder MapImportRunReports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/bulk-import/{runId:guid}/report.{format:regex(^(csv|json)$)}",
            async (HttpContext http, Guid runId, string format, string? outcome, string? code, ImportRunQueries runs, AuthOptions auth) =>
            {
                var context = PortalUser.ToContext(http.User, auth, Channels.Ui, http.Connection.RemoteIpAddress?.ToString());
                if (await runs.GetAsync(context, runId, http.RequestAborted) is null)
                {
                    return Results.NotFound();
                }
                var items = runs.StreamItemsAsync(context, runId, new() { Outcome = outcome, Code = code }, http.RequestAborted);
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"import-run-{runId}.{format}\"";
                if (format == "json")
                {
                    // The same objects as the command line's --report lines, as one array.
                    http.Response.ContentType = "application/json; charset=utf-8";
                    await JsonSerializer.SerializeAsync(http.Response.Body, items.Select(i => i.ToResult()), CliJson.Options, http.RequestAborted);
                    return Results.Empty;
                }
                http.Response.ContentType = "text/csv; charset=utf-8";
                await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
                await writer.WriteLineAsync("line,backup_id,outcome,code,message,warnings");
                await foreach (var item in items)
                {
                    await writer.WriteLineAsync(Csv.Row(
                        item.Line.ToString(CultureInfo.InvariantCulture), item.BackupId, item.Outcome, item.Code, item.Message, item.Warnings?.Replace('\n', ';')));
                }
                return Results.Empty;
            }).RequireAuthorization(Policies.Admin);
        return endpoints;
    }
}
