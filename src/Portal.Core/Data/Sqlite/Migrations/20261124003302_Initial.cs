using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActorUserId = table.Column<string>(type: "TEXT", nullable: false),
                    ActorProjectId = table.Column<string>(type: "TEXT", nullable: true),
                    ActorName = table.Column<string>(type: "TEXT", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    TargetProjectId = table.Column<string>(type: "TEXT", nullable: true),
                    BackupId = table.Column<string>(type: "TEXT", nullable: true),
                    BackupService = table.Column<string>(type: "TEXT", nullable: true),
                    BackupUrlSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", nullable: false),
                    ErrorCode = table.Column<string>(type: "TEXT", nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", nullable: true),
                    RequestId = table.Column<string>(type: "TEXT", nullable: true),
                    ClientAddress = table.Column<string>(type: "TEXT", nullable: true),
                    RawBackupUrl = table.Column<string>(type: "TEXT", nullable: true),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "backups",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    VolumeId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    AvailabilityZone = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Container = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    ParentId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    FailReason = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    DisplayDescription = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    ServiceMetadata = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Service = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    ObjectCount = table.Column<int>(type: "INTEGER", nullable: false),
                    TempVolumeId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true),
                    TempSnapshotId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true),
                    NumDependentBackups = table.Column<int>(type: "INTEGER", nullable: false),
                    SnapshotId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true),
                    DataTimestamp = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RestoreVolumeId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    EncryptionKeyId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Deleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    DriverInfo = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "project_quotas",
                columns: table => new
                {
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Backups = table.Column<int>(type: "INTEGER", nullable: true),
                    Gigabytes = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_quotas", x => x.ProjectId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_BackupId",
                table: "audit_entries",
                column: "BackupId");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_OccurredAt",
                table: "audit_entries",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_backups_Deleted_CreatedAt_Id",
                table: "backups",
                columns: new[] { "Deleted", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_backups_ParentId",
                table: "backups",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_backups_ProjectId_Deleted_CreatedAt_Id",
                table: "backups",
                columns: new[] { "ProjectId", "Deleted", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_backups_ProjectId_Deleted_DisplayName",
                table: "backups",
                columns: new[] { "ProjectId", "Deleted", "DisplayName" });

            migrationBuilder.CreateIndex(
                name: "IX_backups_ProjectId_Deleted_Status_CreatedAt",
                table: "backups",
                columns: new[] { "ProjectId", "Deleted", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_backups_VolumeId",
                table: "backups",
                column: "VolumeId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "backups");

            migrationBuilder.DropTable(
                name: "project_quotas");
        }
    }
}
