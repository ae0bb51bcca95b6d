using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditRawInputBytes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Raw input moves from text to bytes, so a U+0000 survives (issue 12). The bytes are the
            // text's UTF-8, which the chain hashes as it hashed the text: stored chains still verify.
            migrationBuilder.AddColumn<byte[]>(
                name: "RawInput",
                table: "audit_entries",
                type: "BLOB",
                nullable: true);

            migrationBuilder.Sql("UPDATE audit_entries SET \"RawInput\" = CAST(\"RawBackupUrl\" AS BLOB) WHERE \"RawBackupUrl\" IS NOT NULL;");

            migrationBuilder.DropColumn(
                name: "RawBackupUrl",
                table: "audit_entries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RawBackupUrl",
                table: "audit_entries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.Sql("UPDATE audit_entries SET \"RawBackupUrl\" = CAST(\"RawInput\" AS TEXT) WHERE \"RawInput\" IS NOT NULL;");

            migrationBuilder.DropColumn(
                name: "RawInput",
                table: "audit_entries");
        }
    }
}
