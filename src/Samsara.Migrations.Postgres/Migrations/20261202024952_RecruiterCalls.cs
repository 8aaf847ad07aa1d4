using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RecruiterCalls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "recruiter_busy_blocks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    recruiter_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recruiter_busy_blocks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "recruiter_calendars",
                columns: table => new
                {
                    recruiter_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    time_zone_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    working_days = table.Column<int>(type: "integer", nullable: false),
                    day_start_minute = table.Column<int>(type: "integer", nullable: false),
                    day_end_minute = table.Column<int>(type: "integer", nullable: false),
                    slot_minutes = table.Column<int>(type: "integer", nullable: false),
                    buffer_minutes = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recruiter_calendars", x => x.recruiter_id);
                });

            migrationBuilder.CreateTable(
                name: "recruiter_calls",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence_id = table.Column<Guid>(type: "uuid", nullable: false),
                    candidate_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recruiter_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    held_slot = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    recruiter_time_zone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    candidate_time_zone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    notes = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recruiter_calls", x => x.id);
                    table.ForeignKey(
                        name: "fk_recruiter_calls_outreach_sequences_sequence_id",
                        column: x => x.sequence_id,
                        principalTable: "outreach_sequences",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_recruiter_busy_blocks_recruiter_id_starts_at",
                table: "recruiter_busy_blocks",
                columns: new[] { "recruiter_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_recruiter_calls_project_id_starts_at",
                table: "recruiter_calls",
                columns: new[] { "project_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_recruiter_calls_recruiter_id_held_slot",
                table: "recruiter_calls",
                columns: new[] { "recruiter_id", "held_slot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_recruiter_calls_sequence_id",
                table: "recruiter_calls",
                column: "sequence_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "recruiter_busy_blocks");

            migrationBuilder.DropTable(
                name: "recruiter_calendars");

            migrationBuilder.DropTable(
                name: "recruiter_calls");
        }
    }
}
