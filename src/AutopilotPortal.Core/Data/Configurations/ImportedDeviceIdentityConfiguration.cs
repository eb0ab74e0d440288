using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class ImportedDeviceIdentityConfiguration : IEntityTypeConfiguration<ImportedDeviceIdentity>
{
    public void Configure(EntityTypeBuilder<ImportedDeviceIdentity> builder)
    {
        builder.ToTable("IntuneImportedDeviceIdentities");
        builder.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);

        // The API lists a tenant's records in id order, a keyset page at a time.
        builder.HasIndex(d => new { d.TenantId, d.Id });
        builder.Property(d => d.SerialNumber).HasMaxLength(256);
        builder.Property(d => d.ProductKey).HasMaxLength(256);
        builder.Property(d => d.GroupTag).HasMaxLength(256);
        builder.Property(d => d.AssignedUserPrincipalName).HasMaxLength(256);
        builder.Property(d => d.HardwareIdentifier).HasMaxLength(16384);
        builder.Property(d => d.ErrorName).HasMaxLength(128);
        builder.Property(d => d.ErrorMessage).HasMaxLength(2048);
        builder.Property(d => d.CreatedBy).HasMaxLength(256);
    }
}
