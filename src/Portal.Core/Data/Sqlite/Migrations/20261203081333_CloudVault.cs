using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Sqlite.Migrations
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
                    Cloud = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    BackupId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    CinderStatus = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    CinderUpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ListingSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    BackupService = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    BackupUrl = table.Column<string>(type: "TEXT", nullable: true),
                    BackupUrlSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EncodingDifference = table.Column<string>(type: "TEXT", nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenRunId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ExportedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    GoneAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Problem = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cloud_backups", x => new { x.Cloud, x.BackupId });
                });

            migrationBuilder.CreateTable(
                name: "cloud_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Cloud = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ActorUserId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Marker = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true),
                    Listed = table.Column<long>(type: "INTEGER", nullable: false),
                    New = table.Column<long>(type: "INTEGER", nullable: false),
                    Changed = table.Column<long>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<long>(type: "INTEGER", nullable: false),
                    NotAvailable = table.Column<long>(type: "INTEGER", nullable: false),
                    Gone = table.Column<long>(type: "INTEGER", nullable: false),
                    Failed = table.Column<long>(type: "INTEGER", nullable: false),
                    EncodingDifferences = table.Column<long>(type: "INTEGER", nullable: false),
                    DryRun = table.Column<bool>(type: "INTEGER", nullable: false),
                    Selection = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Total = table.Column<long>(type: "INTEGER", nullable: true),
                    Restored = table.Column<long>(type: "INTEGER", nullable: false),
                    Clashes = table.Column<long>(type: "INTEGER", nullable: false),
                    Refused = table.Column<long>(type: "INTEGER", nullable: false),
                    ElapsedMilliseconds = table.Column<long>(type: "INTEGER", nullable: false),
                    CinderMilliseconds = table.Column<long>(type: "INTEGER", nullable: false),
                    PortalMilliseconds = table.Column<long>(type: "INTEGER", nullable: false),
                    Problem = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cloud_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cloud_run_items",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BackupId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Message = table.Column<string>(type: "TEXT", nullable: true),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    BackupService = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    BackupUrl = table.Column<string>(type: "TEXT", nullable: true)
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
