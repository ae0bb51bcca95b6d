using System.CommandLine;
using System.Globalization;
using Portal.Core.Tokens;

namespace Portal.Cli;

/// <summary><c>tokens create --user U --project P --role R [--expires-in D]</c>: an API token for a service account or a script.</summary>
internal static class TokensCommand
{
    public static Command Create(CliServices services, CliConsole console)
    {
        var user = new Option<string>("--user") { Description = "The user id the token acts as.", Required = true };
        var project = new Option<string>("--project") { Description = "The project it acts in.", Required = true };
        var role = new Option<string>("--role") { Description = "reader, member or admin.", Required = true };
        var expiresIn = new Option<string?>("--expires-in") { Description = "How long it lives: 30d, 12h or 90m (default and most: 366d)." };
        var create = new Command("create", "Print a new API token (X-Auth-Token for the Cinder-compatible API). Only its hash is kept.")
        {
            user, project, role, expiresIn,
        };
        create.SetAction(async (parse, ct) =>
        {
            var (lifetime, valid) = Lifetime(parse.GetValue(expiresIn));
            if (!valid)
            {
                await console.Error.WriteLineAsync("--expires-in takes a number followed by d, h or m, such as 30d.");
                return ExitCodes.Usage;
            }
            var created = await services.Get<ApiTokenService>().CreateForAsync(
                Environment.UserName, parse.GetValue(user)!, parse.GetValue(project)!, parse.GetValue(role)!, lifetime, ct);
            if (!created.IsSuccess)
            {
                await console.Error.WriteLineAsync($"{created.Error.Code}: {created.Error.Message}");
                return ExitCodes.Usage;
            }
            await console.Out.WriteLineAsync(created.Value.Secret);
            await console.Error.WriteLineAsync(
                $"Token {created.Value.Token.SecretStart}… for {created.Value.Token.UserId} in {created.Value.Token.ProjectId} ({created.Value.Token.Role}), " +
                $"expires {created.Value.Token.ExpiresAt:yyyy-MM-dd HH:mm} UTC. It is not shown again.");
            return ExitCodes.Success;
        });
        return new Command("tokens", "API tokens for the Cinder-compatible API.") { create };
    }

    private static (TimeSpan? Lifetime, bool Valid) Lifetime(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (null, true);
        }
        if (!int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return (null, false);
        }
        return text[^1] switch
        {
            'd' => (TimeSpan.FromDays(amount), true),
            'h' => (TimeSpan.FromHours(amount), true),
            'm' => (TimeSpan.FromMinutes(amount), true),
            _ => (null, false),
        };
    }
}
