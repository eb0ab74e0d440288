using AutopilotPortal.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> entity)
    {
        entity.ToTable("PortalUsers");
        entity.Property(u => u.Role).HasConversion<string>().HasMaxLength(16);
        entity.HasIndex(u => new { u.Role, u.IsDisabled });
    }
}
