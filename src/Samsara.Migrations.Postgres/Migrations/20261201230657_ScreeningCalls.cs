using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ScreeningCalls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_call_records_sequence_id",
                table: "call_records");

            migrationBuilder.AddColumn<int>(
                name: "attempt",
                table: "call_records",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "attempted_at",
                table: "call_records",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "claimed_by",
                table: "call_records",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "cost",
                table: "call_records",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "detail",
                table: "call_records",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "due_at",
                table: "call_records",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_polled_at",
                table: "call_records",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "lease_expires_at",
                table: "call_records",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "notes",
                table: "call_records",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "overridden_at",
                table: "call_records",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "override_reason",
                table: "call_records",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "provider_passed",
                table: "call_records",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "provider_reason",
                table: "call_records",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "provider_transcript",
                table: "call_records",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "recording_bytes",
                table: "call_records",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recording_format",
                table: "call_records",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recording_url",
                table: "call_records",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "stage",
                table: "call_records",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "stage_failures",
                table: "call_records",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "summary",
                table: "call_records",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "transcription_job_id",
                table: "call_records",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                table: "call_records",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "verdict_json",
                table: "call_records",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "screening_settings",
                columns: table => new
                {
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    opening_line = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    questions_json = table.Column<string>(type: "text", nullable: false),
                    provider = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    assistant_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    max_call_minutes = table.Column<int>(type: "integer", nullable: false),
                    recording_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    recording_disclosure = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    voicemail_policy = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    voicemail_message = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    max_retries = table.Column<int>(type: "integer", nullable: false),
                    retry_gap_minutes = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_screening_settings", x => x.project_id);
                    table.ForeignKey(
                        name: "fk_screening_settings_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_call_records_sequence_id_call_type_attempt",
                table: "call_records",
                columns: new[] { "sequence_id", "call_type", "attempt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_call_records_stage_due_at",
                table: "call_records",
                columns: new[] { "stage", "due_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "screening_settings");

            migrationBuilder.DropIndex(
                name: "ix_call_records_sequence_id_call_type_attempt",
                table: "call_records");

            migrationBuilder.DropIndex(
                name: "ix_call_records_stage_due_at",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "attempt",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "attempted_at",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "claimed_by",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "cost",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "detail",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "due_at",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "last_polled_at",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "lease_expires_at",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "notes",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "overridden_at",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "override_reason",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "provider_passed",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "provider_reason",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "provider_transcript",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "recording_bytes",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "recording_format",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "recording_url",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "stage",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "stage_failures",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "summary",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "transcription_job_id",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "call_records");

            migrationBuilder.DropColumn(
                name: "verdict_json",
                table: "call_records");

            migrationBuilder.CreateIndex(
                name: "ix_call_records_sequence_id",
                table: "call_records",
                column: "sequence_id");
        }
    }
}
