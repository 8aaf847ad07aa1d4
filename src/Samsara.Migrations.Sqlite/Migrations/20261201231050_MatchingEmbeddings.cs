using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MatchingEmbeddings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cv_embeddings",
                columns: table => new
                {
                    candidate_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    model = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    vectors = table.Column<byte[]>(type: "BLOB", nullable: false),
                    chunks_json = table.Column<string>(type: "TEXT", nullable: false),
                    computed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cv_embeddings", x => x.candidate_id);
                    table.ForeignKey(
                        name: "fk_cv_embeddings_cvs_candidate_id",
                        column: x => x.candidate_id,
                        principalTable: "cvs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cv_embeddings");
        }
    }
}
