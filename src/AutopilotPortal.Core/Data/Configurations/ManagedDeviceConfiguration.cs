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
        builder.Property(d => d.DeviceName).HasMaxLength(256);
        builder.Property(d => d.SerialNumber).HasMaxLength(256);
        builder.Property(d => d.UserPrincipalName).HasMaxLength(256);
    }
}
