using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Benchmarks.Api;

/// <summary>ApacheBench (<c>ab</c>, Debian's apache2-utils) on loopback: requests per second of one URL for a few seconds.</summary>
internal static partial class ApacheBench
{
    public const string Path = "/usr/bin/ab";

    public static async Task<double> RequestsPerSecondAsync(string url, IReadOnlyList<string> headers, int concurrency, int seconds)
    {
        // -t bounds the time, -n (given after it) lifts ab's implied 50,000-request cap.
        var arguments = new List<string> { "-q", "-t", $"{seconds}", "-n", "1000000", "-c", $"{concurrency}" };
        foreach (var header in headers)
        {
            arguments.AddRange(["-H", header]);
        }
        arguments.Add(url);
        var start = new ProcessStartInfo(Path, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var ab = Process.Start(start)!;
        var output = await ab.StandardOutput.ReadToEndAsync();
        var errors = await ab.StandardError.ReadToEndAsync();
        await ab.WaitForExitAsync();
        if (NonSuccess().Match(output) is { Success: true } failed && failed.Groups[1].Value != "0")
        {
            throw new InvalidOperationException($"ab saw {failed.Groups[1].Value} non-2xx answers from {url}; one of them: {await OneAnswerAsync(url, headers)}");
        }
        if (Rate().Match(output) is not { Success: true } rate)
        {
            throw new InvalidOperationException($"ab measured nothing on {url}:\n{output}\n{errors}");
        }
        return double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<string> OneAnswerAsync(string url, IReadOnlyList<string> headers)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var header in headers)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            request.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..].Trim());
        }
        using var answer = await http.SendAsync(request);
        return $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}";
    }

    [GeneratedRegex(@"Requests per second:\s+([\d.]+)")]
    private static partial Regex Rate();

    [GeneratedRegex(@"Non-2xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();
}
