using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CloudVault : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cloud_backups",
                columns: table => new
                {
                    Cloud = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    BackupId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    ProjectId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    UserId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    CinderStatus = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    CinderUpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ListingSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    BackupService = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    BackupUrl = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    BackupUrlSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    EncodingDifference = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    FirstSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSeenRunId = table.Column<Guid>(type: "uuid", nullable: true),
                    ExportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    GoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Problem = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cloud_backups", x => new { x.Cloud, x.BackupId });
                });

            migrationBuilder.CreateTable(
                name: "cloud_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Cloud = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    ActorUserId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    ActorName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    RequestId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Marker = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    Listed = table.Column<long>(type: "bigint", nullable: false),
                    New = table.Column<long>(type: "bigint", nullable: false),
                    Changed = table.Column<long>(type: "bigint", nullable: false),
                    Unchanged = table.Column<long>(type: "bigint", nullable: false),
                    NotAvailable = table.Column<long>(type: "bigint", nullable: false),
                    Gone = table.Column<long>(type: "bigint", nullable: false),
                    Failed = table.Column<long>(type: "bigint", nullable: false),
                    EncodingDifferences = table.Column<long>(type: "bigint", nullable: false),
                    DryRun = table.Column<bool>(type: "boolean", nullable: false),
                    Selection = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    Total = table.Column<long>(type: "bigint", nullable: true),
                    Restored = table.Column<long>(type: "bigint", nullable: false),
                    Clashes = table.Column<long>(type: "bigint", nullable: false),
                    Refused = table.Column<long>(type: "bigint", nullable: false),
                    ElapsedMilliseconds = table.Column<long>(type: "bigint", nullable: false),
                    CinderMilliseconds = table.Column<long>(type: "bigint", nullable: false),
                    PortalMilliseconds = table.Column<long>(type: "bigint", nullable: false),
                    Problem = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cloud_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cloud_run_items",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    BackupId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    ProjectId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Message = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    BackupService = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    BackupUrl = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cloud_run_items", x => new { x.RunId, x.BackupId });
                    table.ForeignKey(
                        name: "FK_cloud_run_items_cloud_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "cloud_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cloud_backups_BackupId",
                table: "cloud_backups",
                column: "BackupId");

            migrationBuilder.CreateIndex(
                name: "IX_cloud_backups_Cloud_ProjectId",
                table: "cloud_backups",
                columns: new[] { "Cloud", "ProjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_cloud_run_items_RunId_Outcome",
                table: "cloud_run_items",
                columns: new[] { "RunId", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_cloud_run_items_RunId_Position",
                table: "cloud_run_items",
                columns: new[] { "RunId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_cloud_runs_Cloud_Status",
                table: "cloud_runs",
                columns: new[] { "Cloud", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_cloud_runs_CreatedAt",
                table: "cloud_runs",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cloud_backups");

            migrationBuilder.DropTable(
                name: "cloud_run_items");

            migrationBuilder.DropTable(
                name: "cloud_runs");
        }
    }
}
