using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class ManagedDeviceConfiguration : IEntityTypeConfiguration<ManagedDevice>
{
    public void Configure(EntityTypeBuilder<ManagedDevice> builder)
    {
        builder.ToTable("IntuneManagedDevices");
        builder.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.TenantId, d.SerialNumber });

        // The simulator finds the record an Autopilot device enrolled as. No foreign key to the
        // Autopilot devices table: the two are kept apart as the two services are, and deleting
        // a record in one does not delete or block the other's.
        builder.HasIndex(d => d.AutopilotDeviceId);
        builder.Property(d => d.DeviceName).HasMaxLength(256);
        builder.Property(d => d.SerialNumber).HasMaxLength(256);
        builder.Property(d => d.UserPrincipalName).HasMaxLength(256);
        builder.Property(d => d.Manufacturer).HasMaxLength(256);
        builder.Property(d => d.Model).HasMaxLength(256);
        builder.Property(d => d.OwnerType).HasMaxLength(32);
        builder.Property(d => d.EnrollmentType).HasMaxLength(64);
        builder.Property(d => d.EnrollmentProfileName).HasMaxLength(256);
    }
}
