using AutopilotPortal.Core.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class ImportRowResultConfiguration : IEntityTypeConfiguration<ImportRowResult>
{
    public void Configure(EntityTypeBuilder<ImportRowResult> builder)
    {
        builder.ToTable("IntuneImportRowResults");
        builder.HasOne<ImportJob>().WithMany().HasForeignKey(r => r.ImportJobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.ImportJobId, r.LineNumber });
        builder.Property(r => r.SerialNumber).HasMaxLength(256);
        builder.Property(r => r.ErrorName).HasMaxLength(64);
        builder.Property(r => r.Message).HasMaxLength(1000);
        builder.Property(r => r.Warning).HasMaxLength(1000);
    }
}
