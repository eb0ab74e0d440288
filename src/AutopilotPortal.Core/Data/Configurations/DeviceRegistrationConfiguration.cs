using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class DeviceRegistrationConfiguration : IEntityTypeConfiguration<DeviceRegistration>
{
    public void Configure(EntityTypeBuilder<DeviceRegistration> builder)
    {
        builder.ToTable("DdsRegistrations");
        builder.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.Ztdid).IsUnique();

        // Matching looks hardware up across every tenant, by SMBIOS UUID, and by serial only for
        // hashes that carry no UUID (hence the filter; the manufacturer is compared in memory).
        // Each index here costs every registration a write, so there are no others.
        builder.HasIndex(r => r.SmbiosUuid);
        builder.HasIndex(r => r.SerialKey).HasFilter("\"SmbiosUuid\" IS NULL");

        builder.Property(r => r.SerialNumber).HasMaxLength(256);
        builder.Property(r => r.SerialKey).HasMaxLength(256);
        builder.Property(r => r.Manufacturer).HasMaxLength(256);
        builder.Property(r => r.Model).HasMaxLength(256);
        builder.Property(r => r.TpmKeyHash).HasMaxLength(64);
        builder.Property(r => r.HardwareKey).HasMaxLength(32);
        builder.Property(r => r.ProductKeyId).HasMaxLength(64);
        builder.Property(r => r.GroupTag).HasMaxLength(256);
        builder.Property(r => r.PurchaseOrderId).HasMaxLength(256);
        builder.Property(r => r.AssignedUserPrincipalName).HasMaxLength(256);
    }
}
