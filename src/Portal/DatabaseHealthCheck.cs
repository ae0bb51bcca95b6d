using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Core.Data;

namespace Portal;

/// <summary>
/// Ready when the database answers and its schema is this build's: what a load balancer needs
/// before sending traffic (an instance started before <c>migrate</c> ran is not ready), and writable:
/// an instance whose database went read-only, or whose SQLite file vanished, can only refuse work.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<PortalDbContext> dbFactory, PortalDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await database.WhyNotWritableAsync(cancellationToken) is { } notWritable)
        {
            return HealthCheckResult.Unhealthy(notWritable);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The database schema is behind ({pending.Count} migrations pending): run 'Portal migrate'.");
    }
}
