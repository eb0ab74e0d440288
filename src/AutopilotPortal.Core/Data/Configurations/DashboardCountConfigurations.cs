using AutopilotPortal.Core.Intune;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class TenantDeviceStatusCountConfiguration : IEntityTypeConfiguration<TenantDeviceStatusCount>
{
    public void Configure(EntityTypeBuilder<TenantDeviceStatusCount> builder)
    {
        builder.ToTable("IntuneDeviceStatusCounts");
        builder.HasKey(c => new { c.TenantId, c.ProfileStatus, c.EnrollmentState });
    }
}

internal sealed class TenantRegistrationHourConfiguration : IEntityTypeConfiguration<TenantRegistrationHour>
{
    public void Configure(EntityTypeBuilder<TenantRegistrationHour> builder)
    {
        builder.ToTable("IntuneRegistrationHours");
        builder.HasKey(c => new { c.TenantId, c.Hour });
    }
}
