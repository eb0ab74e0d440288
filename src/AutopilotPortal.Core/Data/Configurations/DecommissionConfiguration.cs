using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class DecommissionConfiguration : IEntityTypeConfiguration<Decommission>
{
    public void Configure(EntityTypeBuilder<Decommission> entity)
    {
        // No foreign key to the Intune row, the registration or the Entra object: the decommission
        // deletes them and must outlive them (and one to IntuneAutopilotDevices would rebuild that table).
        entity.ToTable("Decommissions");
        entity.HasKey(d => d.Id);
        entity.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
        entity.HasMany(d => d.Steps).WithOne().HasForeignKey(s => s.DecommissionId).OnDelete(DeleteBehavior.Cascade);
        entity.Property(d => d.SerialNumber).HasMaxLength(256);
        entity.Property(d => d.RequestedBy).HasMaxLength(256);
        entity.Property(d => d.FailureReason).HasMaxLength(2048);
        entity.Property(d => d.Note).HasMaxLength(2048);
        entity.Property(d => d.LeaseOwner).HasMaxLength(64);
        entity.Property(d => d.ReplacementHash).HasMaxLength(16384);
        entity.Property(d => d.ReplacementGroupTag).HasMaxLength(256);

        // The worker's queue, the page's newest-first list, "is this device already being decommissioned?".
        entity.HasIndex(d => new { d.State, d.RequestedAt });
        entity.HasIndex(d => new { d.TenantId, d.RequestedAt });
        entity.HasIndex(d => d.AutopilotDeviceId);
        entity.HasIndex(d => d.BatchId);
    }
}

internal sealed class DecommissionStepConfiguration : IEntityTypeConfiguration<DecommissionStep>
{
    public void Configure(EntityTypeBuilder<DecommissionStep> entity)
    {
        entity.ToTable("DecommissionSteps");
        entity.HasKey(s => new { s.DecommissionId, s.Order });
        entity.Property(s => s.Outcome).HasMaxLength(1024);
    }
}
