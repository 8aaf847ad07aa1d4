using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CvEmbeddingRetries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "attempts",
                table: "cv_embeddings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "failure",
                table: "cv_embeddings",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "retry_at",
                table: "cv_embeddings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source_hash",
                table: "cv_embeddings",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "attempts",
                table: "cv_embeddings");

            migrationBuilder.DropColumn(
                name: "failure",
                table: "cv_embeddings");

            migrationBuilder.DropColumn(
                name: "retry_at",
                table: "cv_embeddings");

            migrationBuilder.DropColumn(
                name: "source_hash",
                table: "cv_embeddings");
        }
    }
}
