using AutopilotPortal.Core.Sync;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class AutopilotSettingsConfiguration : IEntityTypeConfiguration<AutopilotSettings>
{
    public void Configure(EntityTypeBuilder<AutopilotSettings> builder)
    {
        builder.ToTable("IntuneAutopilotSettings");
        builder.HasKey(s => s.TenantId);
        builder.HasOne<Tenant>().WithOne().HasForeignKey<AutopilotSettings>(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.LastSyncSummary).HasMaxLength(2048);
        builder.Property(s => s.LeaseOwner).HasMaxLength(64);
    }
}
