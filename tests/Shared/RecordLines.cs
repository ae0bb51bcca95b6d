using Portal.Core.Records;
using Portal.Core.Importing;

namespace Portal.Tests.Shared;

/// <summary>Record-file lines as a bulk run reads them: one at a time, asynchronously.</summary>
public static class RecordLines
{
    public static RecordFileLine Line(int number, BackupRecord record, string service = "") =>
        new(number, "", new ImportRequest(service, TestRecords.Url(record)), null);

    public static async IAsyncEnumerable<RecordFileLine> Streamed(IEnumerable<RecordFileLine> lines)
    {
        foreach (var line in lines)
        {
            await Task.Yield();
            yield return line;
        }
    }
}
