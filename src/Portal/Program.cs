using Portal;
using Portal.Cli;
using Portal.Core;
using Portal.Core.Data;

if (PortalCli.Handles(args))
{
    return await PortalCli.RunAsync(args, CliConsole.Standard);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddPortalCore(builder.Configuration);
builder.Services.AddPortalDatabase(builder.Configuration);
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

var app = builder.Build();

app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
app.MapGet("/", () => "BackupPortal is running. The web interface arrives with the portal pages; the command line is 'Portal --help'.");

if (app.Services.GetRequiredService<DatabaseOptions>().MigrateOnStartup)
{
    await app.Services.GetRequiredService<PortalDatabase>().MigrateAsync();
}
await app.RunAsync();
return 0;
