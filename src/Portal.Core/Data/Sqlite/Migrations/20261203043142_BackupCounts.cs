using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BackupCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "backup_counts",
                columns: table => new
                {
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    Gigabytes = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backup_counts", x => new { x.ProjectId, x.Status });
                });

            // The database keeps the counts itself (ADR 0016): every write of a backup, by EF, by the
            // bulk inserter or by hand, passes these triggers, so no write path can forget one.
            migrationBuilder.Sql("""
                CREATE TRIGGER backup_counts_insert AFTER INSERT ON backups WHEN NOT NEW."Deleted"
                BEGIN
                    INSERT INTO backup_counts ("ProjectId", "Status", "Count", "Gigabytes") VALUES (NEW."ProjectId", NEW."Status", 1, NEW."Size")
                    ON CONFLICT ("ProjectId", "Status") DO UPDATE SET "Count" = "Count" + 1, "Gigabytes" = "Gigabytes" + NEW."Size";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER backup_counts_delete AFTER DELETE ON backups WHEN NOT OLD."Deleted"
                BEGIN
                    UPDATE backup_counts SET "Count" = "Count" - 1, "Gigabytes" = "Gigabytes" - OLD."Size"
                    WHERE "ProjectId" = OLD."ProjectId" AND "Status" = OLD."Status";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER backup_counts_update AFTER UPDATE OF "ProjectId", "Status", "Deleted", "Size" ON backups
                WHEN OLD."ProjectId" IS NOT NEW."ProjectId" OR OLD."Status" IS NOT NEW."Status"
                    OR OLD."Deleted" IS NOT NEW."Deleted" OR OLD."Size" IS NOT NEW."Size"
                BEGIN
                    UPDATE backup_counts SET "Count" = "Count" - 1, "Gigabytes" = "Gigabytes" - OLD."Size"
                    WHERE NOT OLD."Deleted" AND "ProjectId" = OLD."ProjectId" AND "Status" = OLD."Status";
                    INSERT INTO backup_counts ("ProjectId", "Status", "Count", "Gigabytes")
                    SELECT NEW."ProjectId", NEW."Status", 1, NEW."Size" WHERE NOT NEW."Deleted"
                    ON CONFLICT ("ProjectId", "Status") DO UPDATE SET "Count" = "Count" + 1, "Gigabytes" = "Gigabytes" + NEW."Size";
                END;
                """);
            migrationBuilder.Sql("""
                INSERT INTO backup_counts ("ProjectId", "Status", "Count", "Gigabytes")
                SELECT "ProjectId", "Status", COUNT(*), SUM("Size") FROM backups WHERE NOT "Deleted" GROUP BY "ProjectId", "Status";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER backup_counts_insert;");
            migrationBuilder.Sql("DROP TRIGGER backup_counts_delete;");
            migrationBuilder.Sql("DROP TRIGGER backup_counts_update;");
            migrationBuilder.DropTable(
                name: "backup_counts");
        }
    }
}
