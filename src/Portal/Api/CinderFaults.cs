using System.Text.Json.Nodes;
using Portal.Core.Common;

namespace Portal.Api;

/// <summary>
/// Errors in Cinder's shape, <c>{"badRequest": {"code": 400, "message": "..."}}</c>, never ASP.NET's
/// problem details (the real clients crash on those). The contract's error code rides along.
/// </summary>
public static class CinderFaults
{
    public static IResult Fault(int status, string message, string? errorCode = null)
    {
        var body = new JsonObject { ["code"] = status, ["message"] = message };
        if (errorCode is not null)
        {
            body["error_code"] = errorCode;
        }
        return Results.Json(new JsonObject { [NameOf(status)] = body }, statusCode: status);
    }

    /// <summary>A Core error at the status Cinder gives the same failure.</summary>
    public static IResult From(Error error) => Fault(StatusOf(error.Code), error.Message, error.Code);

    public static int StatusOf(string errorCode) => errorCode switch
    {
        ErrorCodes.BackupNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.ImportForbidden or ErrorCodes.ExportForbidden or ErrorCodes.DeleteForbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.OverQuota or ErrorCodes.TooLarge => StatusCodes.Status413PayloadTooLarge,
        // Cinder answers an import for a backup service it does not run with 503.
        ErrorCodes.ServiceNotFound => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Cinder's fault names; every other status, 406 and 500 included, is a "computeFault".</summary>
    private static string NameOf(int status) => status switch
    {
        400 => "badRequest",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "itemNotFound",
        405 => "badMethod",
        409 => "conflictingRequest",
        413 => "overLimit",
        429 => "overLimit",
        415 => "badMediaType",
        501 => "notImplemented",
        503 => "serviceUnavailable",
        _ => "computeFault",
    };
}
