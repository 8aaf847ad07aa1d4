using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class OutreachSendSender : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "sender",
                table: "outreach_sends",
                type: "character varying(320)",
                maxLength: 320,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "sender",
                table: "outreach_sends");
        }
    }
}
