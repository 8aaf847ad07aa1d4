using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CandidateRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "retention_notice_at",
                table: "cvs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "retention_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ran_at = table.Column<long>(type: "INTEGER", nullable: false),
                    warned = table.Column<int>(type: "INTEGER", nullable: false),
                    erased = table.Column<int>(type: "INTEGER", nullable: false),
                    erased_by_project_json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_retention_runs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_retention_runs_ran_at",
                table: "retention_runs",
                column: "ran_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "retention_runs");

            migrationBuilder.DropColumn(
                name: "retention_notice_at",
                table: "cvs");
        }
    }
}
