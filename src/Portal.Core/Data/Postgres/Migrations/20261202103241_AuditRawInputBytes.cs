using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Postgres.Migrations
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
                type: "bytea",
                nullable: true);

            migrationBuilder.Sql("UPDATE audit_entries SET \"RawInput\" = convert_to(\"RawBackupUrl\", 'UTF8') WHERE \"RawBackupUrl\" IS NOT NULL;");

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
                type: "text",
                nullable: true,
                collation: "C");

            migrationBuilder.Sql("UPDATE audit_entries SET \"RawBackupUrl\" = convert_from(\"RawInput\", 'UTF8') WHERE \"RawInput\" IS NOT NULL;");

            migrationBuilder.DropColumn(
                name: "RawInput",
                table: "audit_entries");
        }
    }
}
