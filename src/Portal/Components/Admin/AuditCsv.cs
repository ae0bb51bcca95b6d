using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Auth;
using Portal.Core.Auditing;
using Portal.Core.Tenancy;

namespace Portal.Components.Admin;

/// <summary>The audit log as CSV (RFC 4180), streamed: the download of the audit log page.</summary>
public static class AuditCsv
{
    private static readonly string[] _header =
    [
        "sequence", "occurred_at", "actor_user_id", "actor_project_id", "actor_name", "channel", "action", "target_project_id",
        "backup_id", "backup_service", "backup_url_sha256", "outcome", "error_code", "error_message", "request_id", "client_address",
        "previous_hash", "hash",
    ];

    public static string QueryString(AuditQuery query) => QueryHelpers.AddQueryString("", new Dictionary<string, string?>
    {
        ["actor"] = query.ActorUserId,
        ["project"] = query.ProjectId,
        ["outcome"] = query.Outcome,
        ["code"] = query.ErrorCode,
        ["channel"] = query.Channel,
        ["request"] = query.RequestId,
        ["from"] = query.From?.ToString("O", CultureInfo.InvariantCulture),
        ["to"] = query.To?.ToString("O", CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value)));

    public static IEndpointRouteBuilder MapAuditCsv(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/audit.csv", async (HttpContext http, AuditQueries audit, AuthOptions auth,
            string? actor, string? project, string? outcome, string? code, string? channel, string? request, DateTime? from, DateTime? to) =>
        {
            var context = PortalUser.ToContext(http.User, auth, Channels.Ui, http.Connection.RemoteIpAddress?.ToString());
            var query = new AuditQuery
            {
                ActorUserId = actor, ProjectId = project, Outcome = outcome, ErrorCode = code, Channel = channel, RequestId = request,
                From = from?.ToUniversalTime(), To = to?.ToUniversalTime(),
            };
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"audit-log.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
            await writer.WriteLineAsync(string.Join(',', _header));
            await foreach (var entry in audit.StreamAsync(context, query, http.RequestAborted))
            {
                await writer.WriteLineAsync(Row(entry));
            }
        }).RequireAuthorization(Policies.Admin);
        return endpoints;
    }

    public static string Row(AuditEntry e) => Csv.Row(
        e.Sequence.ToString(CultureInfo.InvariantCulture), e.OccurredAt.ToString("O", CultureInfo.InvariantCulture), e.ActorUserId, e.ActorProjectId,
        e.ActorName, e.Channel, e.Action, e.TargetProjectId, e.BackupId, e.BackupService, e.BackupUrlSha256, e.Outcome, e.ErrorCode,
        e.ErrorMessage, e.RequestId, e.ClientAddress, e.PreviousHash, e.Hash);
}
