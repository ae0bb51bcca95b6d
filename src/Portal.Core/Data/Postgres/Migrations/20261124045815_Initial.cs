using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Core.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_tokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    UserId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    ProjectId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    Role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    SecretHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    SecretStart = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    CreatedBy = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_tokens", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ActorUserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ActorProjectId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ActorName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Channel = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Action = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TargetProjectId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    BackupId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    BackupService = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    BackupUrlSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Outcome = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ErrorCode = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ErrorMessage = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    RequestId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClientAddress = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    RawBackupUrl = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "backups",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    UserId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    ProjectId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    VolumeId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false, collation: "C"),
                    Host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    AvailabilityZone = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    Container = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    ParentId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    Status = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    FailReason = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    Size = table.Column<int>(type: "integer", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    DisplayDescription = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    ServiceMetadata = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    Service = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    ObjectCount = table.Column<int>(type: "integer", nullable: false),
                    TempVolumeId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    TempSnapshotId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    NumDependentBackups = table.Column<int>(type: "integer", nullable: false),
                    SnapshotId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    DataTimestamp = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RestoreVolumeId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    EncryptionKeyId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Deleted = table.Column<bool>(type: "boolean", nullable: false),
                    DriverInfo = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Xml = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "import_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    StoredFile = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    FileBytes = table.Column<long>(type: "bigint", nullable: false),
                    DryRun = table.Column<bool>(type: "boolean", nullable: false),
                    KeepRecordOwner = table.Column<bool>(type: "boolean", nullable: false),
                    TargetProjectId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    ActorUserId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    ActorProjectId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    ActorName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    ClientAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Total = table.Column<long>(type: "bigint", nullable: true),
                    Done = table.Column<long>(type: "bigint", nullable: false),
                    Imported = table.Column<long>(type: "bigint", nullable: false),
                    Revived = table.Column<long>(type: "bigint", nullable: false),
                    Unchanged = table.Column<long>(type: "bigint", nullable: false),
                    Rejected = table.Column<long>(type: "bigint", nullable: false),
                    ElapsedMilliseconds = table.Column<long>(type: "bigint", nullable: false),
                    CancelRequested = table.Column<bool>(type: "boolean", nullable: false),
                    Problem = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_import_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "project_quotas",
                columns: table => new
                {
                    ProjectId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    Backups = table.Column<int>(type: "integer", nullable: true),
                    Gigabytes = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_quotas", x => x.ProjectId);
                });

            migrationBuilder.CreateTable(
                name: "import_run_items",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false),
                    BackupId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Message = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Warnings = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_import_run_items", x => new { x.RunId, x.Line });
                    table.ForeignKey(
                        name: "FK_import_run_items_import_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "import_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_SecretHash",
                table: "api_tokens",
                column: "SecretHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_UserId",
                table: "api_tokens",
                column: "UserId");

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

            migrationBuilder.CreateIndex(
                name: "IX_import_run_items_RunId_Outcome_Line",
                table: "import_run_items",
                columns: new[] { "RunId", "Outcome", "Line" });

            migrationBuilder.CreateIndex(
                name: "IX_import_runs_CreatedAt",
                table: "import_runs",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_import_runs_Status",
                table: "import_runs",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_tokens");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "backups");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "import_run_items");

            migrationBuilder.DropTable(
                name: "project_quotas");

            migrationBuilder.DropTable(
                name: "import_runs");
        }
    }
}
