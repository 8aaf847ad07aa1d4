using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class UsageLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "candidate_id",
                table: "usage_events",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_estimate",
                table: "usage_events",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "provider_account_id",
                table: "usage_events",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "provider_ref",
                table: "usage_events",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_occurred_at",
                table: "usage_events",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_provider_kind_provider_ref",
                table: "usage_events",
                columns: new[] { "provider", "kind", "provider_ref" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_usage_events_occurred_at",
                table: "usage_events");

            migrationBuilder.DropIndex(
                name: "ix_usage_events_provider_kind_provider_ref",
                table: "usage_events");

            migrationBuilder.DropColumn(
                name: "candidate_id",
                table: "usage_events");

            migrationBuilder.DropColumn(
                name: "is_estimate",
                table: "usage_events");

            migrationBuilder.DropColumn(
                name: "provider_account_id",
                table: "usage_events");

            migrationBuilder.DropColumn(
                name: "provider_ref",
                table: "usage_events");
        }
    }
}
