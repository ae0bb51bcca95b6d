using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Core.Tenancy;

namespace Portal.Auth;

/// <summary>The signed-in user of a circuit, as the Core's request context.</summary>
public sealed class PortalUser(AuthenticationStateProvider authentication, AuthOptions options, IHttpContextAccessor http)
{
    // Captured when the circuit's scope is created, while the connection's HTTP context is at hand.
    private readonly string? _clientAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public async Task<RequestContext> GetContextAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return ToContext(state.User, options, Channels.Ui, _clientAddress);
    }

    /// <summary>Maps a principal's claims, named as configured, to the Core's request context.</summary>
    public static RequestContext ToContext(ClaimsPrincipal user, AuthOptions options, string channel, string? clientAddress) => new()
    {
        UserId = user.FindFirstValue(options.UserIdClaim) ?? "",
        ProjectId = user.FindFirstValue(options.ProjectIdClaim),
        DisplayName = user.FindFirstValue(options.NameClaim) ?? user.FindFirstValue(options.UserIdClaim),
        Roles = user.FindAll(options.RoleClaim).Select(c => c.Value).Where(Roles.All.Contains).ToHashSet(),
        Channel = channel,
        ClientAddress = clientAddress,
    };
}
