using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SequencesPacingProviders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_test_at",
                table: "provider_credentials",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "last_test_message",
                table: "provider_credentials",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "last_test_succeeded",
                table: "provider_credentials",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "overdue_replan_minutes",
                table: "projects",
                type: "integer",
                nullable: false,
                defaultValue: 120);

            migrationBuilder.AddColumn<Guid>(
                name: "definition_id",
                table: "outreach_sequences",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "condition",
                table: "outreach_sends",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Always");

            migrationBuilder.AddColumn<Guid>(
                name: "step_id",
                table: "outreach_sends",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "template_id",
                table: "outreach_sends",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "email_problem",
                table: "cvs",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "consent_ledger",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    contact = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    project_id = table.Column<Guid>(type: "uuid", nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_ledger", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inbound_receipts",
                columns: table => new
                {
                    provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    provider_message_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbound_receipts", x => new { x.provider, x.provider_message_id });
                });

            migrationBuilder.CreateTable(
                name: "outreach_send_slots",
                columns: table => new
                {
                    send_id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    sender = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    slot_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outreach_send_slots", x => x.send_id);
                    table.ForeignKey(
                        name: "fk_outreach_send_slots_outreach_sends_send_id",
                        column: x => x.send_id,
                        principalTable: "outreach_sends",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sender_throttles",
                columns: table => new
                {
                    provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    sender = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    free_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    day = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    day_count = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sender_throttles", x => new { x.provider, x.sender });
                });

            migrationBuilder.CreateTable(
                name: "sequence_definitions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sequence_definitions", x => x.id);
                    table.ForeignKey(
                        name: "fk_sequence_definitions_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sequence_steps",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    definition_id = table.Column<Guid>(type: "uuid", nullable: false),
                    index = table.Column<int>(type: "integer", nullable: false),
                    channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    template_id = table.Column<Guid>(type: "uuid", nullable: true),
                    delay_minutes = table.Column<int>(type: "integer", nullable: false),
                    condition = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sequence_steps", x => x.id);
                    table.ForeignKey(
                        name: "fk_sequence_steps_message_templates_template_id",
                        column: x => x.template_id,
                        principalTable: "message_templates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_sequence_steps_sequence_definitions_definition_id",
                        column: x => x.definition_id,
                        principalTable: "sequence_definitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outreach_sequences_definition_id",
                table: "outreach_sequences",
                column: "definition_id");

            migrationBuilder.CreateIndex(
                name: "ix_outreach_sends_template_id",
                table: "outreach_sends",
                column: "template_id");

            migrationBuilder.CreateIndex(
                name: "ix_consent_ledger_contact_channel_occurred_at",
                table: "consent_ledger",
                columns: new[] { "contact", "channel", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_sequence_definitions_project_id",
                table: "sequence_definitions",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "ix_sequence_steps_definition_id_index",
                table: "sequence_steps",
                columns: new[] { "definition_id", "index" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sequence_steps_template_id",
                table: "sequence_steps",
                column: "template_id");

            migrationBuilder.AddForeignKey(
                name: "fk_outreach_sends_message_templates_template_id",
                table: "outreach_sends",
                column: "template_id",
                principalTable: "message_templates",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "fk_outreach_sequences_sequence_definitions_definition_id",
                table: "outreach_sequences",
                column: "definition_id",
                principalTable: "sequence_definitions",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_outreach_sends_message_templates_template_id",
                table: "outreach_sends");

            migrationBuilder.DropForeignKey(
                name: "fk_outreach_sequences_sequence_definitions_definition_id",
                table: "outreach_sequences");

            migrationBuilder.DropTable(
                name: "consent_ledger");

            migrationBuilder.DropTable(
                name: "inbound_receipts");

            migrationBuilder.DropTable(
                name: "outreach_send_slots");

            migrationBuilder.DropTable(
                name: "sender_throttles");

            migrationBuilder.DropTable(
                name: "sequence_steps");

            migrationBuilder.DropTable(
                name: "sequence_definitions");

            migrationBuilder.DropIndex(
                name: "ix_outreach_sequences_definition_id",
                table: "outreach_sequences");

            migrationBuilder.DropIndex(
                name: "ix_outreach_sends_template_id",
                table: "outreach_sends");

            migrationBuilder.DropColumn(
                name: "last_test_at",
                table: "provider_credentials");

            migrationBuilder.DropColumn(
                name: "last_test_message",
                table: "provider_credentials");

            migrationBuilder.DropColumn(
                name: "last_test_succeeded",
                table: "provider_credentials");

            migrationBuilder.DropColumn(
                name: "overdue_replan_minutes",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "definition_id",
                table: "outreach_sequences");

            migrationBuilder.DropColumn(
                name: "condition",
                table: "outreach_sends");

            migrationBuilder.DropColumn(
                name: "step_id",
                table: "outreach_sends");

            migrationBuilder.DropColumn(
                name: "template_id",
                table: "outreach_sends");

            migrationBuilder.DropColumn(
                name: "email_problem",
                table: "cvs");
        }
    }
}
