using AutopilotPortal.Core.Partner;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class OemCatalogDeviceConfiguration : IEntityTypeConfiguration<OemCatalogDevice>
{
    public void Configure(EntityTypeBuilder<OemCatalogDevice> builder)
    {
        builder.ToTable("OemCatalogDevices");

        // Tuple and PKID lookups compare exactly, as Partner Center does: SQLite's default BINARY
        // collation is case-sensitive, and no column here declares NOCASE. The tuple index leads
        // with the serial: a batch looks its serials up at once, then compares the whole tuple.
        builder.HasIndex(d => new { d.SerialNumber, d.Manufacturer, d.Model }).IsUnique();
        builder.HasIndex(d => d.ProductKeyId).IsUnique();

        builder.Property(d => d.Manufacturer).HasMaxLength(256);
        builder.Property(d => d.Model).HasMaxLength(256);
        builder.Property(d => d.SerialNumber).HasMaxLength(256);
        builder.Property(d => d.ProductKeyId).HasMaxLength(13);
    }
}
