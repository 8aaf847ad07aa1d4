using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samsara.Core.Projects;

namespace Samsara.Core.CvIntake.Import;

internal sealed class CvImportConfiguration : IEntityTypeConfiguration<CvImport>
{
    public void Configure(EntityTypeBuilder<CvImport> b)
    {
        b.ToTable("cv_imports");
        b.HasOne<Project>().WithMany().HasForeignKey(i => i.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(i => i.ProjectId);
    }
}

internal sealed class CvImportFileConfiguration : IEntityTypeConfiguration<CvImportFile>
{
    public void Configure(EntityTypeBuilder<CvImportFile> b)
    {
        b.ToTable("cv_import_files");
        b.Property(f => f.FileName).HasMaxLength(260);
        b.Property(f => f.StoredPath).HasMaxLength(400);
        b.Property(f => f.Sha256).HasMaxLength(64);
        b.Property(f => f.Error).HasMaxLength(1000);
        b.Property(f => f.ClaimedBy).HasMaxLength(200);
        b.HasOne<CvImport>().WithMany().HasForeignKey(f => f.ImportId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(f => f.ImportId);

        // CandidateId is deliberately not a foreign key: the file row is updated under its claim before the candidate
        // is inserted in the same transaction, and a recruiter may later delete the candidate while the import
        // history still says which file became whom.

        // The worker's queue scan: queued files, and processing files whose lease ran out.
        b.HasIndex(f => new { f.Status, f.LeaseUntil });
    }
}
