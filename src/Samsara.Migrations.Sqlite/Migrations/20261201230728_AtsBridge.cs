using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AtsBridge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "field_results_json",
                table: "ats_submissions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "record_url",
                table: "ats_submissions",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "site_host",
                table: "ats_field_mappings",
                type: "TEXT",
                maxLength: 253,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ats_bridge_pairings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    token_hint = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen_at = table.Column<long>(type: "INTEGER", nullable: true),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ats_bridge_pairings", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ux_ats_field_mappings_default",
                table: "ats_field_mappings",
                column: "ats_vendor",
                unique: true,
                filter: "is_default");

            migrationBuilder.CreateIndex(
                name: "ix_ats_bridge_pairings_token_hash",
                table: "ats_bridge_pairings",
                column: "token_hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ats_bridge_pairings");

            migrationBuilder.DropIndex(
                name: "ux_ats_field_mappings_default",
                table: "ats_field_mappings");

            migrationBuilder.DropColumn(
                name: "field_results_json",
                table: "ats_submissions");

            migrationBuilder.DropColumn(
                name: "record_url",
                table: "ats_submissions");

            migrationBuilder.DropColumn(
                name: "site_host",
                table: "ats_field_mappings");
        }
    }
}
