using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EngineOps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "overdue_replan_minutes",
                table: "projects",
                type: "INTEGER",
                nullable: false,
                defaultValue: 120);

            migrationBuilder.CreateTable(
                name: "inbound_receipts",
                columns: table => new
                {
                    provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    provider_message_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbound_receipts", x => new { x.provider, x.provider_message_id });
                });

            migrationBuilder.CreateTable(
                name: "outreach_send_slots",
                columns: table => new
                {
                    send_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    sender = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    slot_at = table.Column<long>(type: "INTEGER", nullable: false)
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
                    provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    sender = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    free_at = table.Column<long>(type: "INTEGER", nullable: false),
                    day = table.Column<long>(type: "INTEGER", nullable: false),
                    day_count = table.Column<int>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sender_throttles", x => new { x.provider, x.sender });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inbound_receipts");

            migrationBuilder.DropTable(
                name: "outreach_send_slots");

            migrationBuilder.DropTable(
                name: "sender_throttles");

            migrationBuilder.DropColumn(
                name: "overdue_replan_minutes",
                table: "projects");
        }
    }
}
