using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Tenancy;
using Portal.Core.Tokens;

namespace Portal.Api;

/// <summary>Who calls the API, at which microversion, under which request id; set by <see cref="ApiRequestFilter"/>.</summary>
public sealed record ApiRequest(RequestContext Context, ApiVersion Version)
{
    private const string ItemKey = "portal.api-request";

    public static ApiRequest Of(HttpContext http) => (ApiRequest)http.Items[ItemKey]!;

    internal void Attach(HttpContext http) => http.Items[ItemKey] = this;
}

/// <summary>
/// Every v3 call: request id, microversion (echoed, as Cinder does, errors included), the caller from
/// <c>X-Auth-Token</c>, the project in the URL checked against the caller's, and any failure in Cinder's shape.
/// </summary>
internal sealed partial class ApiRequestFilter(
    IOptions<CinderApiOptions> options, ApiTokenService tokens, OidcAccessTokens accessTokens, FailedAuthLimiter failedAuth, ILogger<ApiRequestFilter> logger)
    : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        // A client's own request id (the clients send back the last one they saw) ties its logs to the
        // audit log; anything that is not an OpenStack request id gets a new one.
        var incoming = http.Request.Headers["X-OpenStack-Request-ID"].ToString();
        var requestId = RequestIdPattern().IsMatch(incoming) ? incoming : RequestContext.NewRequestId();
        http.Response.Headers["x-openstack-request-id"] = requestId;
        http.Response.Headers.Vary = ApiVersion.HeaderName;

        var (version, status, problem) = ApiVersion.Negotiate(http.Request.Headers[ApiVersion.HeaderName]);
        http.Response.Headers[ApiVersion.HeaderName] = $"volume {version}";
        if (problem is not null)
        {
            return CinderFaults.Fault(status, problem);
        }
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (failedAuth.WaitFor(client) is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return CinderFaults.Fault(StatusCodes.Status429TooManyRequests,
                $"Too many failed authentications from {client}; try again in {Math.Ceiling(wait.TotalSeconds)} seconds with a valid X-Auth-Token.");
        }
        try
        {
            if (await CallerAsync(http, requestId) is not { } context)
            {
                failedAuth.Failed(client);
                LogFailedAuthentication(logger, client, requestId, http.Request.Headers.ContainsKey("X-Auth-Token"));
                return CinderFaults.Fault(StatusCodes.Status401Unauthorized,
                    "The request needs an X-Auth-Token header with a valid token.");
            }
            if (http.GetRouteValue("project_id") is string urlProject && urlProject != context.ProjectId)
            {
                // Cinder's answer when the URL names another project than the token's.
                return CinderFaults.Fault(StatusCodes.Status400BadRequest, "Malformed request url");
            }
            new ApiRequest(context, version).Attach(http);
            return await next(invocation);
        }
        catch (Exception e) when (DatabaseFailures.Describe(e) is { } unavailable)
        {
            // The database cannot serve (read-only, gone, its server away): nothing was written.
            LogDatabaseFailure(logger, e, requestId);
            return CinderFaults.Fault(StatusCodes.Status503ServiceUnavailable, unavailable);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever failed (the database, the OIDC authority), the clients get Cinder's shape.
            LogFailure(logger, e, requestId);
            return CinderFaults.Fault(StatusCodes.Status500InternalServerError, $"The server failed to answer; the request id is {requestId}.");
        }
    }

    /// <summary>
    /// The caller behind <c>X-Auth-Token</c>: one of the portal's API tokens, an access token from the
    /// OIDC authority, or, when configured for tests, Cinder's noauth <c>user:project</c> (the project
    /// defaults to the user, as in Cinder).
    /// </summary>
    private async Task<RequestContext?> CallerAsync(HttpContext http, string requestId)
    {
        var token = http.Request.Headers["X-Auth-Token"].ToString();
        var clientAddress = http.Connection.RemoteIpAddress?.ToString();
        if (token.StartsWith(ApiToken.SecretPrefix, StringComparison.Ordinal))
        {
            return await tokens.AuthenticateAsync(token, requestId, clientAddress, http.RequestAborted);
        }
        if (await accessTokens.AuthenticateAsync(token, requestId, clientAddress, http.RequestAborted) is { } user)
        {
            return user;
        }
        var parts = token.Split(':');
        if (!options.Value.NoAuth || parts.Length > 2 || parts[0].Length == 0)
        {
            return null;
        }
        return new RequestContext
        {
            UserId = parts[0],
            ProjectId = parts.Length == 2 && parts[1].Length > 0 ? parts[1] : parts[0],
            DisplayName = parts[0],
            Roles = new HashSet<string> { options.Value.NoAuthRole },
            Channel = Channels.Api,
            RequestId = requestId,
            ClientAddress = clientAddress,
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex("^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial System.Text.RegularExpressions.Regex RequestIdPattern();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cinder API request {RequestId} from {Client} failed to authenticate (token given: {TokenGiven}).")]
    private static partial void LogFailedAuthentication(ILogger logger, string client, string requestId, bool tokenGiven);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cinder API request {RequestId} found the database unavailable.")]
    private static partial void LogDatabaseFailure(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cinder API request {RequestId} failed.")]
    private static partial void LogFailure(ILogger logger, Exception exception, string requestId);
}
