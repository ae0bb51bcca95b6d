namespace Portal.Components;

/// <summary>CSV rows (RFC 4180) for the downloads.</summary>
public static class Csv
{
    public static string Row(params string?[] fields) => string.Join(',', fields.Select(Field));

    /// <summary>Quotes a field when it holds a comma, a quote or a line break.</summary>
    public static string Field(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
