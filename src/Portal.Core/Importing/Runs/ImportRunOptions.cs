namespace Portal.Core.Importing.Runs;

/// <summary>Bulk import runs from the UI (<c>ImportRuns</c> section).</summary>
public sealed class ImportRunOptions
{
    public const string SectionName = "ImportRuns";

    /// <summary>
    /// Where uploaded files wait for and serve their runs. Several instances need one shared directory
    /// (or sticky sessions and one runner), since the instance that runs a file reads it from here.
    /// </summary>
    public string Directory { get; set; } = "import-runs";

    /// <summary>The largest file an admin may upload.</summary>
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Records per transaction (and per progress update).</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>A running run whose heartbeat is older than this was lost with its instance.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);
}
