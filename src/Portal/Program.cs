using Portal;
using Portal.Auth;
using Portal.Cli;
using Portal.Core;

if (PortalCli.Handles(args))
{
    return await PortalCli.RunAsync(args, CliConsole.Standard);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddPortalCore(builder.Configuration);
builder.Services.AddPortalDatabase(builder.Configuration);
builder.AddPortalAuthentication();
builder.AddPortalWeb();

var app = builder.Build();
app.UsePortalWeb();
await app.PrepareDatabaseAsync();
await app.RunAsync();
return 0;
