using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Postgres.Migrations
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
                    ProjectId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    Gigabytes = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backup_counts", x => new { x.ProjectId, x.Status });
                });

            // The database keeps the counts itself (ADR 0016): every write of a backup, by EF, by
            // COPY or by hand, passes this trigger, so no write path can forget one. Writers already
            // take turns (ADR 0009), so a project's counter row is no new point of contention.
            migrationBuilder.Sql("""
                CREATE FUNCTION backup_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD."ProjectId" = NEW."ProjectId" AND OLD."Status" = NEW."Status"
                        AND OLD."Deleted" = NEW."Deleted" AND OLD."Size" = NEW."Size" THEN
                        RETURN NULL;
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD."Deleted" THEN
                        UPDATE backup_counts SET "Count" = "Count" - 1, "Gigabytes" = "Gigabytes" - OLD."Size"
                        WHERE "ProjectId" = OLD."ProjectId" AND "Status" = OLD."Status";
                    END IF;
                    IF TG_OP IN ('UPDATE', 'INSERT') AND NOT NEW."Deleted" THEN
                        INSERT INTO backup_counts ("ProjectId", "Status", "Count", "Gigabytes") VALUES (NEW."ProjectId", NEW."Status", 1, NEW."Size")
                        ON CONFLICT ("ProjectId", "Status")
                        DO UPDATE SET "Count" = backup_counts."Count" + 1, "Gigabytes" = backup_counts."Gigabytes" + NEW."Size";
                    END IF;
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER backup_counts_follow AFTER INSERT OR DELETE OR UPDATE OF "ProjectId", "Status", "Deleted", "Size" ON backups
                FOR EACH ROW EXECUTE FUNCTION backup_counts_follow();
                """);
            migrationBuilder.Sql("""
                INSERT INTO backup_counts ("ProjectId", "Status", "Count", "Gigabytes")
                SELECT "ProjectId", "Status", COUNT(*), SUM("Size") FROM backups WHERE NOT "Deleted" GROUP BY "ProjectId", "Status";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER backup_counts_follow ON backups;");
            migrationBuilder.Sql("DROP FUNCTION backup_counts_follow();");
            migrationBuilder.DropTable(
                name: "backup_counts");
        }
    }
}
