using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class AutopilotDeviceConfiguration : IEntityTypeConfiguration<AutopilotDevice>
{
    public void Configure(EntityTypeBuilder<AutopilotDevice> builder)
    {
        builder.ToTable("IntuneAutopilotDevices");
        builder.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<DeviceRegistration>().WithMany().HasForeignKey(d => d.RegistrationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => d.RegistrationId).IsUnique();

        // The list pages in the order of any of its columns, then by serial: one index per
        // sortable column lets a page read 25 rows in order instead of sorting every device
        // (sorting a million by model took ten seconds). The serial index also serves "starts with".
        builder.HasIndex(d => new { d.TenantId, d.SerialKey });
        builder.HasIndex(d => new { d.TenantId, d.Manufacturer, d.SerialKey });
        builder.HasIndex(d => new { d.TenantId, d.Model, d.SerialKey });
        builder.HasIndex(d => new { d.TenantId, d.GroupTag, d.SerialKey });
        builder.HasIndex(d => new { d.TenantId, d.ProfileStatus, d.SerialKey });
        builder.HasIndex(d => new { d.TenantId, d.PurchaseOrderIdentifier, d.SerialKey });
        builder.HasIndex(d => new { d.TenantId, d.UserPrincipalName, d.SerialKey });
        builder.HasIndex(d => new { d.TenantId, d.LastContactedDateTime, d.SerialKey });
        builder.HasIndex(d => new { d.TenantId, d.EnrollmentState, d.SerialKey });

        // The "registered" filter (the overview's registrations chart links to it).
        builder.HasIndex(d => new { d.TenantId, d.CreatedAt, d.SerialKey });

        // A profile's "assigned devices" page, in serial order; and the devices of directory objects
        // whose group membership changed (profile resolution). A profile assigned to a device's
        // groups cannot be deleted (ProfileService refuses), so the intended profile restricts.
        // The assigned profile has no key: it records what the last sync delivered, which may have
        // been deleted since (a deployment then fails with "the profile has been deleted").
        builder.HasIndex(d => new { d.TenantId, d.DeploymentProfileId, d.SerialKey });
        builder.HasOne<DeploymentProfile>().WithMany().HasForeignKey(d => d.DeploymentProfileId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => d.DirectoryObjectId);

        builder.Property(d => d.SerialNumber).HasMaxLength(256);
        builder.Property(d => d.SerialKey).HasMaxLength(256);
        builder.Property(d => d.Manufacturer).HasMaxLength(256);
        builder.Property(d => d.Model).HasMaxLength(256);
        builder.Property(d => d.ProductKey).HasMaxLength(64);
        builder.Property(d => d.SkuNumber).HasMaxLength(256);
        builder.Property(d => d.SystemFamily).HasMaxLength(256);
        builder.Property(d => d.GroupTag).HasMaxLength(256);
        builder.Property(d => d.AddressableUserName).HasMaxLength(256);
        builder.Property(d => d.PurchaseOrderIdentifier).HasMaxLength(256);
        builder.Property(d => d.UserPrincipalName).HasMaxLength(256);
        builder.Property(d => d.DisplayName).HasMaxLength(256);
        builder.Property(d => d.DeploymentProfileName).HasMaxLength(256);
        builder.Property(d => d.AssignedProfileName).HasMaxLength(256);
    }
}
