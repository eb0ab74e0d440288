using AutopilotPortal.Core.Preferences;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class UserPreferenceConfiguration : IEntityTypeConfiguration<UserPreference>
{
    public void Configure(EntityTypeBuilder<UserPreference> entity)
    {
        entity.ToTable("UserPreferences");
        entity.HasKey(p => new { p.TenantId, p.UserName, p.Name });
        entity.Property(p => p.UserName).HasMaxLength(256);
        entity.Property(p => p.Name).HasMaxLength(UserPreferenceService.MaxNameLength);
        entity.Property(p => p.Value).HasMaxLength(UserPreferenceService.MaxValueLength);
    }
}
