using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Portal.Core.Common;
using Portal.Core.Data;
using Portal.Core.Tenancy;

namespace Portal.Core.Tokens;

/// <summary>A new token and its secret, which is not kept anywhere and is shown this once.</summary>
public sealed record CreatedApiToken(ApiToken Token, string Secret);

/// <summary>
/// API tokens: users create and revoke their own (carrying their user, project and role); operators
/// create them for service accounts from the command line. The API turns a secret into a request
/// context here, with the same roles and scoping as the pages. A token found is remembered for
/// <see cref="ApiTokenOptions.CacheFor"/> (as keystonemiddleware caches Keystone's tokens), so a busy
/// client does not cost a database read a request; a revocation here forgets it at once, one made by
/// another instance or the command line takes effect within that time.
/// </summary>
public sealed class ApiTokenService(IDbContextFactory<PortalDbContext> dbFactory, IMemoryCache cache, IOptions<ApiTokenOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A token for the caller themselves, with their project and role.</summary>
    public Task<Result<CreatedApiToken>> CreateAsync(RequestContext context, string name, TimeSpan? lifetime, CancellationToken ct = default)
    {
        // The strongest of the caller's roles.
        var role = Roles.All.LastOrDefault(context.Roles.Contains);
        if (context.ProjectId is null || role is null)
        {
            return Task.FromResult<Result<CreatedApiToken>>(TokenError("Tokens carry a project and a role; this sign-in has no project or no portal role."));
        }
        return IssueAsync(name, context.UserId, context.ProjectId, role, context.UserId, lifetime, ct);
    }

    /// <summary>For a service account, from the operator's command line.</summary>
    public Task<Result<CreatedApiToken>> CreateForAsync(string operatorName, string userId, string projectId, string role, TimeSpan? lifetime, CancellationToken ct = default) =>
        IssueAsync($"{userId} (service)", userId, projectId, role, operatorName, lifetime, ct);

    /// <summary>The caller's own tokens, newest first.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListAsync(RequestContext context, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == context.UserId)
            .OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
    }

    /// <summary>Revokes one of the caller's tokens (admins: anyone's). False when there is no such token.</summary>
    public async Task<bool> RevokeAsync(RequestContext context, Guid tokenId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && (context.IsAdmin || t.UserId == context.UserId), ct);
        if (token is null)
        {
            return false;
        }
        token.Revoke(Now);
        await db.SaveChangesAsync(ct);
        cache.Remove(CacheKey(token.SecretHash));
        return true;
    }

    /// <summary>The caller a secret stands for, or null when it is unknown, revoked or expired.</summary>
    public async Task<RequestContext?> AuthenticateAsync(string secret, string requestId, string? clientAddress, CancellationToken ct = default)
    {
        if (!secret.StartsWith(ApiToken.SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var hash = ApiToken.HashOf(secret);
        if (!cache.TryGetValue(CacheKey(hash), out ApiToken? token))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.SecretHash == hash, ct);
            if (token is not null && options.Value.CacheFor > TimeSpan.Zero)
            {
                cache.Set(CacheKey(hash), token, options.Value.CacheFor);
            }
        }
        // Expiry and revocation are checked on every request, cached or not.
        return token is null || !token.IsUsable(Now) ? null : new RequestContext
        {
            UserId = token.UserId,
            ProjectId = token.ProjectId,
            DisplayName = $"{token.UserId} (API token {token.SecretStart}…)",
            Roles = new HashSet<string> { token.Role },
            Channel = Channels.Api,
            RequestId = requestId,
            ClientAddress = clientAddress,
        };
    }

    private static string CacheKey(string secretHash) => "api-token:" + secretHash;

    private async Task<Result<CreatedApiToken>> IssueAsync(string name, string userId, string projectId, string role, string createdBy, TimeSpan? lifetime, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            return TokenError("Give the token a name of 1 to 100 characters, so you can tell it apart later.");
        }
        if (!Roles.All.Contains(role))
        {
            return TokenError($"The role must be one of {string.Join(", ", Roles.All)}.");
        }
        if (string.IsNullOrWhiteSpace(userId) || string.IsNullOrWhiteSpace(projectId))
        {
            return TokenError("A token needs a user id and a project id.");
        }
        if (lifetime is { } span && (span <= TimeSpan.Zero || span > MaxLifetime))
        {
            return TokenError($"A token lives from a minute to {MaxLifetime.TotalDays:N0} days.");
        }
        var (token, secret) = ApiToken.Create(name.Trim(), userId, projectId, role, createdBy, Now, lifetime ?? MaxLifetime);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new CreatedApiToken(token, secret);
    }

    private static Error TokenError(string message) => new(ErrorCodes.InvalidToken, message);
}
