using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ReplyFollowUpsAndInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "done_at",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "intent_corrected_by",
                table: "messages",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "read_at",
                table: "messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "phone_problem",
                table: "cvs",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "reply_follow_ups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence_id = table.Column<Guid>(type: "uuid", nullable: false),
                    candidate_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    source_message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    subject = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    paced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reply_follow_ups", x => x.id);
                    table.ForeignKey(
                        name: "fk_reply_follow_ups_outreach_sequences_sequence_id",
                        column: x => x.sequence_id,
                        principalTable: "outreach_sequences",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_messages_direction_done_at_created_at",
                table: "messages",
                columns: new[] { "direction", "done_at", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_reply_follow_ups_sequence_id_kind",
                table: "reply_follow_ups",
                columns: new[] { "sequence_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_reply_follow_ups_source_message_id",
                table: "reply_follow_ups",
                column: "source_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_reply_follow_ups_status_due_at",
                table: "reply_follow_ups",
                columns: new[] { "status", "due_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reply_follow_ups");

            migrationBuilder.DropIndex(
                name: "ix_messages_direction_done_at_created_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "done_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "intent_corrected_by",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "read_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "phone_problem",
                table: "cvs");
        }
    }
}
