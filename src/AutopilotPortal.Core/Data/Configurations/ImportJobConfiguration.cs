using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.ToTable("IntuneImportJobs");
        builder.HasOne<Tenant>().WithMany().HasForeignKey(j => j.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(j => new { j.TenantId, j.StartedAt });
        builder.Property(j => j.FileName).HasMaxLength(260);
        builder.Property(j => j.Encoding).HasMaxLength(64);
        builder.Property(j => j.Format).HasMaxLength(64);
        builder.Property(j => j.StartedBy).HasMaxLength(256);
        builder.Property(j => j.FailureMessage).HasMaxLength(2000);
        builder.Property(j => j.FileNotes).HasMaxLength(2000);
    }
}
