using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class DeploymentProfileConfiguration : IEntityTypeConfiguration<DeploymentProfile>
{
    public void Configure(EntityTypeBuilder<DeploymentProfile> entity)
    {
        entity.ToTable("IntuneDeploymentProfiles");
        entity.HasKey(p => p.Id);
        entity.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
        entity.Property(p => p.DisplayName).HasMaxLength(ProfileRules.MaxDisplayNameLength);
        entity.Property(p => p.Description).HasMaxLength(ProfileRules.MaxDescriptionLength);
        entity.Property(p => p.Language).HasMaxLength(64);
        entity.Property(p => p.DeviceNameTemplate).HasMaxLength(64);

        // Resolution takes the oldest profile that targets a device.
        entity.HasIndex(p => new { p.TenantId, p.CreatedAt });
    }
}

internal sealed class ProfileAssignmentConfiguration : IEntityTypeConfiguration<ProfileAssignment>
{
    public void Configure(EntityTypeBuilder<ProfileAssignment> entity)
    {
        entity.ToTable("IntuneProfileAssignments");

        // A group is either included in or excluded from a profile, never both.
        entity.HasKey(a => new { a.ProfileId, a.GroupId });
        entity.HasOne<DeploymentProfile>().WithMany().HasForeignKey(a => a.ProfileId).OnDelete(DeleteBehavior.Restrict);

        // A deleted group takes its assignments with it; whoever deletes it recomputes its former members.
        entity.HasOne<Entra.DirectoryGroup>().WithMany().HasForeignKey(a => a.GroupId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(a => a.GroupId);
    }
}
