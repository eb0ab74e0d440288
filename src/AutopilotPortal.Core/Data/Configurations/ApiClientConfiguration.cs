using AutopilotPortal.Core.ApiClients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> entity)
    {
        entity.ToTable("ApiClients");
        entity.HasKey(c => c.Id);
        entity.Property(c => c.DisplayName).HasMaxLength(256);
        entity.Property(c => c.CreatedBy).HasMaxLength(256);
        entity.Property(c => c.Role).HasConversion<string>().HasMaxLength(32);
        entity.Property(c => c.SecretHash).HasMaxLength(32);
        entity.HasOne<Tenants.Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);

        // The token endpoint and every API request look a client up by what callers send.
        entity.HasIndex(c => c.ClientId).IsUnique();
    }
}
