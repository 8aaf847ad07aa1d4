using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samsara.Core.ClientPackages.Branding;
using Samsara.Core.Projects;

namespace Samsara.Core.ClientPackages;

internal sealed class ClientPackageConfiguration : IEntityTypeConfiguration<ClientPackage>
{
    public void Configure(EntityTypeBuilder<ClientPackage> b)
    {
        b.ToTable("client_packages");
        b.HasOne<Project>().WithMany().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.ProjectId, p.CreatedAt });
        b.Property(p => p.SentTo).HasMaxLength(1000);
        b.Property(p => p.SentCc).HasMaxLength(1000);
        b.Property(p => p.EmailSubject).HasMaxLength(300);
    }
}

internal sealed class AgencyBrandingConfiguration : IEntityTypeConfiguration<AgencyBranding>
{
    public void Configure(EntityTypeBuilder<AgencyBranding> b)
    {
        b.ToTable("agency_branding");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AgencyName).HasMaxLength(100);
        b.Property(x => x.PrimaryColour).HasMaxLength(7);
        b.Property(x => x.AccentColour).HasMaxLength(7);
        b.Property(x => x.FooterLine).HasMaxLength(200);
        b.Property(x => x.EmailSignature).HasMaxLength(2000);
        b.Property(x => x.LogoContentType).HasMaxLength(32);
    }
}
