using Microsoft.EntityFrameworkCore;

namespace Portal.Core.Data.Sqlite;

/// <summary>The SQLite database (the embedded default) and its migrations, in <c>Data/Sqlite/Migrations</c>.</summary>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options);
