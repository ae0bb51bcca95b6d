using Microsoft.AspNetCore.Hosting.Server;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.Auth.DevIdp;

/// <summary>Creates the provider's store, then registers the portal as its client once the app's addresses are known.</summary>
internal sealed partial class DevIdpSeeder(IServiceProvider services, IServer server, ILogger<DevIdpSeeder> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DevIdpDbContext>().Database.EnsureCreatedAsync(cancellationToken);
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var client = new OpenIddictApplicationDescriptor
        {
            ClientId = DevIdpExtensions.ClientId,
            ClientSecret = DevIdpExtensions.ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "BackupPortal (development)",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Scopes.Roles, Permissions.Prefixes.Scope + "project",
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var baseUrl in DevIdpAddresses.BaseUrls(server))
        {
            client.RedirectUris.Add(new Uri(baseUrl + "/signin-oidc"));
            client.PostLogoutRedirectUris.Add(new Uri(baseUrl + "/signout-callback-oidc"));
        }
        await applications.CreateAsync(client, cancellationToken);

        LogActive(logger, DevIdpAddresses.Authority(server), string.Join(", ", DevIdpUsers.All.Select(u => $"{u.UserName} ({u.Role}, project {u.ProjectId})")));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DEVELOPMENT IDENTITY PROVIDER ACTIVE at {Authority} - not for production. Demo users (password = user name): {Users}")]
    private static partial void LogActive(ILogger logger, string authority, string users);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
