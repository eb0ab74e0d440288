using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class DirectoryGroupConfiguration : IEntityTypeConfiguration<DirectoryGroup>
{
    public void Configure(EntityTypeBuilder<DirectoryGroup> entity)
    {
        entity.ToTable("DirectoryGroups");
        entity.HasKey(g => g.Id);
        entity.Property(g => g.DisplayName).HasMaxLength(256);
        entity.Property(g => g.Description).HasMaxLength(1024);
        entity.Property(g => g.MembershipRule).HasMaxLength(3072);
        entity.HasOne<Tenant>().WithMany().HasForeignKey(g => g.TenantId).OnDelete(DeleteBehavior.Restrict);
        entity.HasIndex(g => new { g.TenantId, g.DisplayName });
        entity.HasIndex(g => new { g.TenantId, g.MembershipType });
    }
}

internal sealed class DirectoryGroupMemberConfiguration : IEntityTypeConfiguration<DirectoryGroupMember>
{
    public void Configure(EntityTypeBuilder<DirectoryGroupMember> entity)
    {
        entity.ToTable("DirectoryGroupMembers");
        entity.HasKey(m => new { m.GroupId, m.DeviceObjectId });
        entity.HasOne<DirectoryGroup>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<DirectoryDevice>().WithMany().HasForeignKey(m => m.DeviceObjectId).OnDelete(DeleteBehavior.Cascade);

        // "Which groups is this device in?" for the device pane and profile resolution.
        entity.HasIndex(m => m.DeviceObjectId);
    }
}
