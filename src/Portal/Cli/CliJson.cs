using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Cli;

/// <summary>How the command line writes JSON: one object a line, readable non-ASCII text.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // An answer holds a whole record a few levels down: as deep as any record may be, and then some.
        MaxDepth = Core.Records.RecordLimits.MaxDepth + 8,
    };

    public static string Line<T>(T value) => JsonSerializer.Serialize(value, Options);
}
