using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Portal.Api;

/// <summary>
/// Slows down token guessing: each client address may fail to authenticate
/// <see cref="CinderApiOptions.FailedAuthPerMinute"/> times a minute (ASP.NET Core's rate limiter,
/// one fixed window per address); after that every call of that client is answered 429 with
/// <c>Retry-After</c> until the window ends, whether its token is right or not, so guessing
/// learns nothing. Successful calls cost nothing.
/// </summary>
public sealed class FailedAuthLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedAuthLimiter(IOptions<CinderApiOptions> options)
    {
        var perMinute = Math.Max(1, options.Value.FailedAuthPerMinute);
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>How long the client must wait before it may try again, or null when it may try now.</summary>
    public TimeSpan? WaitFor(string client)
    {
        // Asking for no permit tells whether any is left, without spending one.
        using var lease = _limiter.AttemptAcquire(client, 0);
        return lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    /// <summary>Counts one failed authentication of the client.</summary>
    public void Failed(string client) => _limiter.AttemptAcquire(client).Dispose();

    public void Dispose() => _limiter.Dispose();
}
