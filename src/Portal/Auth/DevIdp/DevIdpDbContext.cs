using Microsoft.EntityFrameworkCore;

namespace Portal.Auth.DevIdp;

/// <summary>OpenIddict's applications, authorizations and tokens, in memory for the life of the process.</summary>
internal sealed class DevIdpDbContext(DbContextOptions<DevIdpDbContext> options) : DbContext(options);
