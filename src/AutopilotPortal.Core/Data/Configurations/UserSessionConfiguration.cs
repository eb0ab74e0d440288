using AutopilotPortal.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AutopilotPortal.Core.Data.Configurations;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> entity)
    {
        entity.ToTable("UserSessions");
        entity.HasKey(s => s.Id);
        entity.Property(s => s.UserId).HasMaxLength(450);
        entity.Property(s => s.RemoteAddress).HasMaxLength(64);
        entity.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);

        // Sign out everywhere ends a user's open sessions; the purge looks for old ones.
        entity.HasIndex(s => new { s.UserId, s.EndedAt });
        entity.HasIndex(s => s.RenewedAt);
    }
}
