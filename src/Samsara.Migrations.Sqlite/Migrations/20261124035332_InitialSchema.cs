using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samsara.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "app_meta",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_app_meta", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "ats_field_mappings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ats_vendor = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    mapping_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    field_map_json = table.Column<string>(type: "TEXT", nullable: false),
                    is_default = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ats_field_mappings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "projects",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    client_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    client_contact_email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    default_phone_region = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    reply_window_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    quiet_hours_start_minute = table.Column<int>(type: "INTEGER", nullable: false),
                    quiet_hours_end_minute = table.Column<int>(type: "INTEGER", nullable: false),
                    retention_days = table.Column<int>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_activity_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_projects", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "provider_credentials",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    provider_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    provider_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    credentials_encrypted = table.Column<byte[]>(type: "BLOB", nullable: false),
                    settings_json = table.Column<string>(type: "TEXT", nullable: true),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_credentials", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cvs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    project_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    full_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    location = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    current_title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    years_experience = table.Column<double>(type: "REAL", nullable: true),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
                    source = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    cv_json = table.Column<string>(type: "TEXT", nullable: true),
                    raw_text = table.Column<string>(type: "TEXT", nullable: true),
                    original_file_name = table.Column<string>(type: "TEXT", nullable: true),
                    stored_file_path = table.Column<string>(type: "TEXT", nullable: true),
                    file_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    duplicate_of_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cvs", x => x.id);
                    table.ForeignKey(
                        name: "fk_cvs_cvs_duplicate_of_id",
                        column: x => x.duplicate_of_id,
                        principalTable: "cvs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_cvs_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "job_descriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    project_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    raw_text = table.Column<string>(type: "TEXT", nullable: false),
                    parsed_json = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_descriptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_job_descriptions_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "message_templates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    project_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    variables_json = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_message_templates", x => x.id);
                    table.ForeignKey(
                        name: "fk_message_templates_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "usage_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    project_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    provider = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    quantity = table.Column<string>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    cost = table.Column<string>(type: "TEXT", precision: 18, scale: 6, nullable: true),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    reference_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usage_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_usage_events_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "outreach_sequences",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    project_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    cv_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", nullable: true),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outreach_sequences", x => x.id);
                    table.ForeignKey(
                        name: "fk_outreach_sequences_cvs_candidate_id",
                        column: x => x.cv_id,
                        principalTable: "cvs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_outreach_sequences_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cv_jd_matches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    candidate_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    job_description_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    score = table.Column<int>(type: "INTEGER", nullable: false),
                    explanation_json = table.Column<string>(type: "TEXT", nullable: true),
                    computed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cv_jd_matches", x => x.id);
                    table.ForeignKey(
                        name: "fk_cv_jd_matches_cvs_candidate_id",
                        column: x => x.candidate_id,
                        principalTable: "cvs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_cv_jd_matches_job_descriptions_job_description_id",
                        column: x => x.job_description_id,
                        principalTable: "job_descriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ats_submissions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sequence_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ats_vendor = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    field_mapping_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    submitted_data_json = table.Column<string>(type: "TEXT", nullable: true),
                    error_detail = table.Column<string>(type: "TEXT", nullable: true),
                    submitted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ats_submissions", x => x.id);
                    table.ForeignKey(
                        name: "fk_ats_submissions_ats_field_mappings_field_mapping_id",
                        column: x => x.field_mapping_id,
                        principalTable: "ats_field_mappings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_ats_submissions_outreach_sequences_sequence_id",
                        column: x => x.sequence_id,
                        principalTable: "outreach_sequences",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "call_records",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sequence_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    call_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    provider = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    provider_call_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    phone_number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    duration_seconds = table.Column<int>(type: "INTEGER", nullable: true),
                    recording_path = table.Column<string>(type: "TEXT", nullable: true),
                    screening_outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    screening_confidence = table.Column<double>(type: "REAL", nullable: true),
                    scheduled_for = table.Column<long>(type: "INTEGER", nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_records", x => x.id);
                    table.ForeignKey(
                        name: "fk_call_records_outreach_sequences_sequence_id",
                        column: x => x.sequence_id,
                        principalTable: "outreach_sequences",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sequence_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    direction = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    provider_message_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    template_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    recipient = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    status_detail = table.Column<string>(type: "TEXT", nullable: true),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: true),
                    delivered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_messages_message_templates_template_id",
                        column: x => x.template_id,
                        principalTable: "message_templates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_messages_outreach_sequences_sequence_id",
                        column: x => x.sequence_id,
                        principalTable: "outreach_sequences",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outreach_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sequence_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    from_state = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    to_state = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outreach_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_outreach_events_outreach_sequences_sequence_id",
                        column: x => x.sequence_id,
                        principalTable: "outreach_sequences",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "transcripts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    call_record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    provider = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    content = table.Column<string>(type: "TEXT", nullable: false),
                    segments_json = table.Column<string>(type: "TEXT", nullable: true),
                    confidence = table.Column<double>(type: "REAL", nullable: true),
                    language = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_transcripts", x => x.id);
                    table.ForeignKey(
                        name: "fk_transcripts_call_records_call_record_id",
                        column: x => x.call_record_id,
                        principalTable: "call_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ats_submissions_field_mapping_id",
                table: "ats_submissions",
                column: "field_mapping_id");

            migrationBuilder.CreateIndex(
                name: "ix_ats_submissions_sequence_id",
                table: "ats_submissions",
                column: "sequence_id");

            migrationBuilder.CreateIndex(
                name: "ix_call_records_sequence_id",
                table: "call_records",
                column: "sequence_id");

            migrationBuilder.CreateIndex(
                name: "ix_cv_jd_matches_candidate_id_job_description_id",
                table: "cv_jd_matches",
                columns: new[] { "candidate_id", "job_description_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_cv_jd_matches_job_description_id_score",
                table: "cv_jd_matches",
                columns: new[] { "job_description_id", "score" });

            migrationBuilder.CreateIndex(
                name: "ix_cvs_duplicate_of_id",
                table: "cvs",
                column: "duplicate_of_id");

            migrationBuilder.CreateIndex(
                name: "ix_cvs_project_id",
                table: "cvs",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "ix_cvs_project_id_email",
                table: "cvs",
                columns: new[] { "project_id", "email" });

            migrationBuilder.CreateIndex(
                name: "ix_cvs_project_id_file_sha256",
                table: "cvs",
                columns: new[] { "project_id", "file_sha256" });

            migrationBuilder.CreateIndex(
                name: "ix_cvs_project_id_phone",
                table: "cvs",
                columns: new[] { "project_id", "phone" });

            migrationBuilder.CreateIndex(
                name: "ix_job_descriptions_project_id",
                table: "job_descriptions",
                column: "project_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_message_templates_project_id",
                table: "message_templates",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_provider_message_id",
                table: "messages",
                column: "provider_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_sequence_id",
                table: "messages",
                column: "sequence_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_template_id",
                table: "messages",
                column: "template_id");

            migrationBuilder.CreateIndex(
                name: "ix_outreach_events_sequence_id_occurred_at",
                table: "outreach_events",
                columns: new[] { "sequence_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outreach_sequences_candidate_id",
                table: "outreach_sequences",
                column: "cv_id");

            migrationBuilder.CreateIndex(
                name: "ix_outreach_sequences_project_id",
                table: "outreach_sequences",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "ix_outreach_sequences_project_id_cv_id",
                table: "outreach_sequences",
                columns: new[] { "project_id", "cv_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outreach_sequences_status",
                table: "outreach_sequences",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_projects_last_activity_at",
                table: "projects",
                column: "last_activity_at");

            migrationBuilder.CreateIndex(
                name: "ix_projects_status",
                table: "projects",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_provider_credentials_provider_type",
                table: "provider_credentials",
                column: "provider_type");

            migrationBuilder.CreateIndex(
                name: "ix_transcripts_call_record_id",
                table: "transcripts",
                column: "call_record_id");

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_project_id_occurred_at",
                table: "usage_events",
                columns: new[] { "project_id", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "app_meta");

            migrationBuilder.DropTable(
                name: "ats_submissions");

            migrationBuilder.DropTable(
                name: "cv_jd_matches");

            migrationBuilder.DropTable(
                name: "messages");

            migrationBuilder.DropTable(
                name: "outreach_events");

            migrationBuilder.DropTable(
                name: "provider_credentials");

            migrationBuilder.DropTable(
                name: "transcripts");

            migrationBuilder.DropTable(
                name: "usage_events");

            migrationBuilder.DropTable(
                name: "ats_field_mappings");

            migrationBuilder.DropTable(
                name: "job_descriptions");

            migrationBuilder.DropTable(
                name: "message_templates");

            migrationBuilder.DropTable(
                name: "call_records");

            migrationBuilder.DropTable(
                name: "outreach_sequences");

            migrationBuilder.DropTable(
                name: "cvs");

            migrationBuilder.DropTable(
                name: "projects");
        }
    }
}
