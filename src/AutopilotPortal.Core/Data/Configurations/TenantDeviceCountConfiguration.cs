using AutopilotPortal.Core.Intune;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class TenantDeviceCountConfiguration : IEntityTypeConfiguration<TenantDeviceCount>
{
    public void Configure(EntityTypeBuilder<TenantDeviceCount> builder)
    {
        builder.ToTable("IntuneDeviceCounts");
        builder.HasKey(c => c.TenantId);
    }
}
