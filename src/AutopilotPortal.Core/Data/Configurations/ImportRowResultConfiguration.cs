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

        // The overview's "imports by error" reads only the refused rows (each has an error name, not
        // every one a numeric code); the rows that register (nearly all) are not in this index, so it
        // costs an import almost nothing.
        builder.HasIndex(r => new { r.ImportJobId, r.ErrorName }).HasFilter("\"ErrorName\" IS NOT NULL");
        builder.Property(r => r.SerialNumber).HasMaxLength(256);
        builder.Property(r => r.ErrorName).HasMaxLength(64);
        builder.Property(r => r.Message).HasMaxLength(1000);
        builder.Property(r => r.Warning).HasMaxLength(1000);
    }
}
