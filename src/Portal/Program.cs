using Portal;
using Portal.Auth;
using Portal.Cli;
using Portal.Core;

if (!PortalCli.IsWebServer(args, out var webArguments))
{
    return await PortalCli.RunAsync(args, CliConsole.Standard);
}

var builder = WebApplication.CreateBuilder(webArguments);
builder.Services.AddPortalCore(builder.Configuration);
builder.Services.AddPortalDatabase(builder.Configuration);
builder.AddPortalAuthentication();
builder.AddPortalWeb();

var app = builder.Build();
app.UsePortalWeb();
if (!await app.TryPrepareDatabaseAsync())
{
    return ExitCodes.CouldNotRun;
}
await app.RunAsync();
return ExitCodes.Success;
