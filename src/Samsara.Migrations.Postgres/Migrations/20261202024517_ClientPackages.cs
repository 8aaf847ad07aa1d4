using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ClientPackages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agency_branding",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    agency_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    primary_colour = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    accent_colour = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    footer_line = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    email_signature = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    logo = table.Column<byte[]>(type: "bytea", nullable: true),
                    logo_content_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agency_branding", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "client_packages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    anonymised = table.Column<bool>(type: "boolean", nullable: false),
                    request_json = table.Column<string>(type: "text", nullable: false),
                    files_json = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    sent_to = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    sent_cc = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    email_subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    email_text = table.Column<string>(type: "text", nullable: true),
                    send_count = table.Column<int>(type: "integer", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_packages", x => x.id);
                    table.ForeignKey(
                        name: "fk_client_packages_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_client_packages_project_id_created_at",
                table: "client_packages",
                columns: new[] { "project_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agency_branding");

            migrationBuilder.DropTable(
                name: "client_packages");
        }
    }
}
