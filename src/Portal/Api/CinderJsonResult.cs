using System.Text.Json;

namespace Portal.Api;

/// <summary>An answer whose JSON is written straight into the response body, with no object tree built first.</summary>
internal sealed class CinderJsonResult(int statusCode, Action<Utf8JsonWriter> write) : IResult
{
    public static CinderJsonResult Ok(Action<Utf8JsonWriter> write) => new(StatusCodes.Status200OK, write);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        // Disposing the writer hands what it wrote to the pipe; the flush sends it.
        using (var json = new Utf8JsonWriter(httpContext.Response.BodyWriter))
        {
            write(json);
        }
        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
