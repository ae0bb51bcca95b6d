using Portal.Core.Records;

namespace Portal.Api;

/// <summary>
/// A request body read up to a limit, so an oversized one is a refusal the API can audit and answer
/// with 413 rather than an exception (Kestrel's own limit throws mid-read).
/// </summary>
public sealed record RequestBody(ReadOnlyMemory<byte> Bytes, long? Length, bool IsWhole)
{
    /// <summary>
    /// The whole body when it is at most <paramref name="maxBytes"/>; otherwise its first 1 MiB (what
    /// the audit log keeps of a refused input) and its announced length, if it had one.
    /// </summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        var announced = request.ContentLength;
        var readAtMost = announced > maxBytes ? RecordLimits.MaxBackupUrlLength : maxBytes + 1;
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int count;
        while (buffer.Length < readAtMost
               && (count = await request.Body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, readAtMost - buffer.Length)), ct)) > 0)
        {
            buffer.Write(chunk, 0, count);
        }
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (announced > maxBytes || bytes.Length > maxBytes)
        {
            var kept = bytes[..Math.Min(bytes.Length, RecordLimits.MaxBackupUrlLength)];
            return new RequestBody(kept, announced, IsWhole: false);
        }
        return new RequestBody(bytes, bytes.Length, IsWhole: true);
    }
}
