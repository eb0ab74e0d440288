using AutopilotPortal.Core.ApiClients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class ApiSigningKeyConfiguration : IEntityTypeConfiguration<ApiSigningKey>
{
    public void Configure(EntityTypeBuilder<ApiSigningKey> entity)
    {
        entity.ToTable("ApiSigningKeys");
        entity.HasKey(k => k.Id);
        entity.Property(k => k.Id).HasMaxLength(64);
        entity.Property(k => k.Purpose).HasMaxLength(64);

        // One key per purpose: two instances creating it at once keep the first.
        entity.HasIndex(k => k.Purpose).IsUnique();
    }
}
