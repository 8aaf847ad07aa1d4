using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Providers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "last_test_at",
                table: "provider_credentials",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "last_test_message",
                table: "provider_credentials",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "last_test_succeeded",
                table: "provider_credentials",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "last_test_at",
                table: "provider_credentials");

            migrationBuilder.DropColumn(
                name: "last_test_message",
                table: "provider_credentials");

            migrationBuilder.DropColumn(
                name: "last_test_succeeded",
                table: "provider_credentials");
        }
    }
}
