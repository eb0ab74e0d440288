using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class DeploymentEventConfiguration : IEntityTypeConfiguration<DeploymentEvent>
{
    public void Configure(EntityTypeBuilder<DeploymentEvent> builder)
    {
        builder.ToTable("IntuneDeploymentEvents");
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);

        // The events page: newest first, optionally by result; the device pane: one device's newest.
        // No foreign key to the Autopilot device: the event outlives the row, and a key would rebuild that table.
        builder.HasIndex(e => new { e.TenantId, e.StartedAt });
        builder.HasIndex(e => new { e.TenantId, e.Result, e.StartedAt });
        builder.HasIndex(e => new { e.AutopilotDeviceId, e.StartedAt });
        builder.HasIndex(e => new { e.TenantId, e.SerialNumber });
        builder.Property(e => e.SerialNumber).HasMaxLength(256);
        builder.Property(e => e.ProfileName).HasMaxLength(256);
        builder.Property(e => e.FailureReason).HasMaxLength(2000);
        builder.Property(e => e.DeviceName).HasMaxLength(64);
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.Steps);
    }
}
