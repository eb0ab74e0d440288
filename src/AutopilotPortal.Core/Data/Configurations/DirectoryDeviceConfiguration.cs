using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class DirectoryDeviceConfiguration : IEntityTypeConfiguration<DirectoryDevice>
{
    public void Configure(EntityTypeBuilder<DirectoryDevice> builder)
    {
        builder.ToTable("DirectoryDevices");
        builder.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => d.DeviceId).IsUnique();
        // Registration looks for an object of the same hardware that has no ZTDID yet, to stamp it.
        builder.HasIndex(d => new { d.TenantId, d.HardwareKey }).HasFilter("\"Ztdid\" IS NULL");
        builder.HasIndex(d => d.Ztdid);
        // The Entra devices page lists and searches objects by name.
        builder.HasIndex(d => new { d.TenantId, d.DisplayName });
        builder.Property(d => d.DisplayName).HasMaxLength(256);
        builder.Property(d => d.HardwareKey).HasMaxLength(32);
        builder.Property(d => d.EnrollmentProfileName).HasMaxLength(256);
        builder.Property(d => d.PhysicalIds);
        // Automation finds objects by [OrderId] (the group tag) in id order: equality, then a range on Id.
        builder.Property(d => d.OrderId).HasMaxLength(256);
        builder.HasIndex(d => new { d.TenantId, d.OrderId, d.Id });
    }
}
