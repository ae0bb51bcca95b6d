using System.Text;
using Microsoft.AspNetCore.Mvc;
using Portal.Auth;
using Portal.Core.Exporting;
using Portal.Core.Importing;
using Portal.Core.Tenancy;

namespace Portal.Components.Admin;

/// <summary>
/// Bulk export from the UI: every available backup of one project, or of all projects, as a JSON
/// lines download of <c>{"backup_service", "backup_url"}</c>, streamed so memory stays flat. A POST
/// from the page's form with its antiforgery token: each download writes audit entries, so another
/// site must not be able to start one in an admin's browser.
/// </summary>
public static class BulkExportEndpoint
{
    public static IEndpointRouteBuilder MapBulkExport(this IEndpointRouteBuilder endpoints)
    {
        // Binding a form makes ASP.NET Core check its antiforgery token (a 400 without it).
        endpoints.MapPost("/admin/export.jsonl", async (HttpContext http, ExportService exporter, AuthOptions auth, [FromForm] string? project) =>
        {
            var context = PortalUser.ToContext(http.User, auth, Channels.Bulk, http.Connection.RemoteIpAddress?.ToString());
            http.Response.ContentType = "application/jsonl; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"backups-{FileNamePart(project)}.jsonl\"";
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

    /// <summary>A project id as a file name: anything but letters, digits, '.', '-' and '_' would break the header.</summary>
    private static string FileNamePart(string? project) => string.IsNullOrEmpty(project)
        ? "all"
        : new string([.. project.Take(64).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
}
