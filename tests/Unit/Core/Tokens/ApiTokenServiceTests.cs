using Microsoft.EntityFrameworkCore;
using Portal.Core.Common;
using Portal.Core.Tenancy;
using Portal.Core.Tokens;
using Portal.Tests.Shared;

namespace Portal.Tests.Unit.Core.Tokens;

/// <summary>API tokens: shown once, stored hashed, carrying user, project and role; revocable; expiring.</summary>
public sealed class ApiTokenServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_ThenAuthenticate_ActsAsTheUserInTheirProjectWithTheirRole_AndKeepsOnlyTheHash()
    {
        await using var host = await CoreTestHost.StartAsync();
        var tokens = host.Get<ApiTokenService>();
        var member = Contexts.Member("p-1", "u-1");

        var created = (await tokens.CreateAsync(member, "laptop", TimeSpan.FromDays(30), Ct)).Value;
        var caller = await tokens.AuthenticateAsync(created.Secret, "req-1", "10.0.0.1", Ct);

        Assert.StartsWith(ApiToken.SecretPrefix, created.Secret, StringComparison.Ordinal);
        Assert.Equal(("u-1", "p-1", Channels.Api, "req-1"), (caller!.UserId, caller.ProjectId, caller.Channel, caller.RequestId));
        Assert.True(caller.IsMember && !caller.IsAdmin);
        var stored = await host.QueryAsync(db => db.ApiTokens.SingleAsync(Ct));
        Assert.DoesNotContain(created.Secret, string.Join("|", stored.SecretHash, stored.SecretStart, stored.Name), StringComparison.Ordinal);
        Assert.Equal(64, stored.SecretHash.Length);
    }

    [Fact]
    public async Task Authenticate_RevokedExpiredOrUnknownTokens_IsNobody()
    {
        await using var host = await CoreTestHost.StartAsync();
        var tokens = host.Get<ApiTokenService>();
        var member = Contexts.Member("p-1", "u-1");
        var revoked = (await tokens.CreateAsync(member, "old", null, Ct)).Value;
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var expiring = (await tokens.CreateAsync(member, "short", TimeSpan.FromHours(1), Ct)).Value;

        Assert.False(await tokens.RevokeAsync(Contexts.Member("p-1", "someone-else"), revoked.Token.Id, Ct));
        Assert.True(await tokens.RevokeAsync(member, revoked.Token.Id, Ct));
        host.Clock.Advance(TimeSpan.FromHours(2));

        Assert.Null(await tokens.AuthenticateAsync(revoked.Secret, "req", null, Ct));
        Assert.Null(await tokens.AuthenticateAsync(expiring.Secret, "req", null, Ct));
        Assert.Null(await tokens.AuthenticateAsync(expiring.Secret + "x", "req", null, Ct));
        Assert.Null(await tokens.AuthenticateAsync("bob:p-1", "req", null, Ct));
        Assert.Equal(["short", "old"], (await tokens.ListAsync(member, Ct)).Select(t => t.Name));
    }

    [Theory]
    [InlineData("", "member", 30)]
    [InlineData("ci", "superuser", 30)]
    [InlineData("ci", "member", 400)]
    [InlineData("ci", "member", -1)]
    public async Task CreateFor_WithABadNameRoleOrLifetime_IsRefused(string name, string role, int days)
    {
        await using var host = await CoreTestHost.StartAsync();

        var created = name.Length == 0
            ? await host.Get<ApiTokenService>().CreateAsync(Contexts.Member(), name, TimeSpan.FromDays(days), Ct)
            : await host.Get<ApiTokenService>().CreateForAsync("ops", "svc", "p-1", role, TimeSpan.FromDays(days), Ct);

        Assert.Equal(ErrorCodes.InvalidToken, created.Error.Code);
        Assert.Equal(0, await host.QueryAsync(db => db.ApiTokens.CountAsync(Ct)));
    }

    [Fact]
    public async Task CreateFor_AServiceAccount_CarriesTheGivenRole()
    {
        await using var host = await CoreTestHost.StartAsync();
        var tokens = host.Get<ApiTokenService>();

        var created = (await tokens.CreateForAsync("ops", "svc-backup", "p-9", Roles.Admin, null, Ct)).Value;

        var caller = await tokens.AuthenticateAsync(created.Secret, "req", null, Ct);
        Assert.Equal(("svc-backup", "p-9", true), (caller!.UserId, caller.ProjectId, caller.IsAdmin));
        Assert.Equal("ops", created.Token.CreatedBy);
    }

    [Fact]
    public async Task ARememberedToken_RevokedOnThisInstance_IsRefusedAtOnce()
    {
        await using var host = await CoreTestHost.StartAsync();
        var tokens = host.Get<ApiTokenService>();
        var member = Contexts.Member("p-1", "u-1");
        var created = (await tokens.CreateAsync(member, "cli", null, Ct)).Value;
        Assert.NotNull(await tokens.AuthenticateAsync(created.Secret, "req", null, Ct));

        await tokens.RevokeAsync(member, created.Token.Id, Ct);

        Assert.Null(await tokens.AuthenticateAsync(created.Secret, "req", null, Ct));
    }

    [Fact]
    public async Task ARememberedToken_StillExpiresOnTime()
    {
        await using var host = await CoreTestHost.StartAsync();
        var tokens = host.Get<ApiTokenService>();
        var created = (await tokens.CreateAsync(Contexts.Member("p-1", "u-1"), "short", TimeSpan.FromMinutes(5), Ct)).Value;
        Assert.NotNull(await tokens.AuthenticateAsync(created.Secret, "req", null, Ct));

        host.Clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Null(await tokens.AuthenticateAsync(created.Secret, "req", null, Ct));
    }

    [Theory]
    [InlineData("00:00:00", false)]
    [InlineData("00:10:00", true)]
    public async Task ATokenRevokedElsewhere_IsTrustedOnlyForCacheFor(string cacheFor, bool stillAccepted)
    {
        var settings = new Dictionary<string, string?>(CoreTestHost.NfsService) { ["ApiTokens:CacheFor"] = cacheFor };
        await using var host = await CoreTestHost.StartAsync(settings);
        var tokens = host.Get<ApiTokenService>();
        var created = (await tokens.CreateAsync(Contexts.Member("p-1", "u-1"), "cli", null, Ct)).Value;
        Assert.NotNull(await tokens.AuthenticateAsync(created.Secret, "req", null, Ct));

        // Another instance (or the command line) revokes it: only the database knows.
        await host.ExecuteAsync(db => db.ApiTokens.ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, DateTime.UtcNow), Ct));

        Assert.Equal(stillAccepted, await tokens.AuthenticateAsync(created.Secret, "req", null, Ct) is not null);
    }
}
