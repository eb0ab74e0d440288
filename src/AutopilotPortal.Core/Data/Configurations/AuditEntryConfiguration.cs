using AutopilotPortal.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entity)
    {
        entity.ToTable("AuditEntries");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Actor).HasMaxLength(256);
        entity.Property(e => e.Action).HasMaxLength(64);
        entity.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        entity.Property(e => e.TargetType).HasMaxLength(64);
        entity.Property(e => e.Target).HasMaxLength(512);
        entity.Property(e => e.TargetId).HasMaxLength(64);
        entity.Property(e => e.OldValue).HasMaxLength(1024);
        entity.Property(e => e.NewValue).HasMaxLength(1024);
        entity.Property(e => e.Details).HasMaxLength(2048);
        entity.Property(e => e.RemoteAddress).HasMaxLength(64);

        // The page lists the tenant's entries newest first, filtered by user or action. No foreign
        // key to the tenant: adding one would rebuild the append-only table.
        entity.HasIndex(e => new { e.TenantId, e.OccurredAt });
        entity.HasIndex(e => new { e.TenantId, e.Actor, e.OccurredAt });
        entity.HasIndex(e => new { e.TenantId, e.Action, e.OccurredAt });
    }
}
