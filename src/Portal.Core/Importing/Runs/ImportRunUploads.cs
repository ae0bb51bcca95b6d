using Microsoft.Extensions.Options;
using Portal.Core.Common;

namespace Portal.Core.Importing.Runs;

/// <summary>
/// The files of bulk import runs, in <c>ImportRuns:Directory</c> (shared by every instance): an
/// upload is written under a temporary name and moved into place whole, so no runner reads half of one.
/// </summary>
public sealed class ImportRunUploads(IOptions<ImportRunOptions> options)
{
    private ImportRunOptions Options => options.Value;

    /// <summary>Keeps an upload; returns its stored name and size, or why it was refused.</summary>
    public async Task<Result<(string StoredFile, long Bytes)>> KeepAsync(Stream content, CancellationToken ct)
    {
        Directory.CreateDirectory(Options.Directory);
        var stored = $"{Guid.NewGuid():N}.records";
        var partial = PathOf(stored) + ".part";
        try
        {
            long bytes;
            await using (var file = File.Create(partial))
            {
                bytes = await CopyAtMostAsync(content, file, Options.MaxUploadBytes, ct);
            }
            if (bytes > Options.MaxUploadBytes)
            {
                File.Delete(partial);
                return new Error(ErrorCodes.TooLarge,
                    $"The file is larger than {Options.MaxUploadBytes:N0} bytes, the most this portal accepts from a browser. " +
                    "Split it, or import it on the server with the command line: import --file <file>.");
            }
            File.Move(partial, PathOf(stored));
            return (stored, bytes);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    public string PathOf(string storedFile) => Path.Combine(Options.Directory, storedFile);

    /// <summary>Copies up to one byte past <paramref name="limit"/>, so the caller can tell the file was too large.</summary>
    private static async Task<long> CopyAtMostAsync(Stream source, Stream target, long limit, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while (copied <= limit && (read = await source.ReadAsync(buffer, ct)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
            copied += read;
        }
        return copied;
    }
}
