using System.CommandLine;

namespace Portal.Cli;

/// <summary>
/// Asks a running instance whether it is ready (database answering, schema current). The container
/// image has no curl: its HEALTHCHECK runs this.
/// </summary>
internal static class HealthCommand
{
    public static Command Create(CliConsole console)
    {
        var url = new Option<string>("--url")
        {
            Description = "The instance's readiness endpoint.",
            DefaultValueFactory = _ => "http://127.0.0.1:8080/health/ready",
        };
        url.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out _))
            {
                result.AddError("--url must be an absolute http(s) address, e.g. http://127.0.0.1:8080/health/ready.");
            }
        });
        var command = new Command("health", "Exit 0 when the instance at --url is ready to serve, 1 when it answers that it is not, 3 when it does not answer.") { url };
        command.SetAction(async (parse, ct) =>
        {
            var target = new Uri(parse.GetValue(url)!);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            try
            {
                using var response = await client.GetAsync(target, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                await console.Out.WriteLineAsync($"{(int)response.StatusCode} {body}");
                return response.IsSuccessStatusCode ? ExitCodes.Success : ExitCodes.Refused;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await console.Error.WriteLineAsync($"{target} did not answer: {e.Message}");
                // Not ready, as far as a container's health check goes (Docker reads 1 as unhealthy).
                return ExitCodes.Refused;
            }
        });
        return command;
    }
}
