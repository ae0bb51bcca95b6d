using System.Text;
using Portal.Auth;
using Portal.Core.Exporting;
using Portal.Core.Importing;
using Portal.Core.Tenancy;

namespace Portal.Components.Admin;

/// <summary>
/// Bulk export from the UI: every available backup of one project, or of all projects, as a JSON
/// lines download of <c>{"backup_service", "backup_url"}</c>, streamed so memory stays flat.
/// </summary>
public static class BulkExportEndpoint
{
    public static IEndpointRouteBuilder MapBulkExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/export.jsonl", async (HttpContext http, ExportService exporter, AuthOptions auth, string? project) =>
        {
            var context = PortalUser.ToContext(http.User, auth, Channels.Bulk, http.Connection.RemoteIpAddress?.ToString());
            http.Response.ContentType = "application/jsonl; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"backups-{(string.IsNullOrEmpty(project) ? "all" : project)}.jsonl\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
            var result = await exporter.ExportManyAsync(context, string.IsNullOrEmpty(project) ? null : project,
                async (record, ct) => await writer.WriteLineAsync(RecordFile.FormatLine(record.BackupService, record.BackupUrl).AsMemory(), ct),
                http.RequestAborted);
            if (!result.IsSuccess)
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
            }
        }).RequireAuthorization(Policies.Admin);
        return endpoints;
    }
}
