using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Partner;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Tenants;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// One database for the three modelled services. Each service's tables are kept apart by name
/// prefix (<c>Dds</c>, <c>Directory</c>, <c>Intune</c>) so their boundaries stay visible. The
/// portal's own tables (local accounts, the audit log) sit beside them.
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityUserContext<PortalUser>(options), IDataProtectionKeyContext
{
    /// <summary>The key ring that protects sign-in cookies and antiforgery tokens, shared by every instance on the database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<DeviceRegistration> Registrations => Set<DeviceRegistration>();

    public DbSet<DirectoryDevice> DirectoryDevices => Set<DirectoryDevice>();

    public DbSet<AutopilotDevice> AutopilotDevices => Set<AutopilotDevice>();

    public DbSet<ManagedDevice> ManagedDevices => Set<ManagedDevice>();

    public DbSet<DeploymentEvent> DeploymentEvents => Set<DeploymentEvent>();

    public DbSet<TenantDeviceCount> DeviceCounts => Set<TenantDeviceCount>();

    public DbSet<TenantDeviceStatusCount> DeviceStatusCounts => Set<TenantDeviceStatusCount>();

    public DbSet<TenantRegistrationHour> RegistrationHours => Set<TenantRegistrationHour>();

    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();

    public DbSet<ImportRowResult> ImportRowResults => Set<ImportRowResult>();

    public DbSet<ImportedDeviceIdentity> ImportedDeviceIdentities => Set<ImportedDeviceIdentity>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<DirectoryGroup> Groups => Set<DirectoryGroup>();

    public DbSet<DirectoryGroupMember> GroupMembers => Set<DirectoryGroupMember>();

    public DbSet<DeploymentProfile> DeploymentProfiles => Set<DeploymentProfile>();

    public DbSet<ProfileAssignment> ProfileAssignments => Set<ProfileAssignment>();

    public DbSet<OemCatalogDevice> OemCatalogDevices => Set<OemCatalogDevice>();
    public DbSet<Sync.AutopilotSettings> AutopilotSettings => Set<Sync.AutopilotSettings>();

    public DbSet<Decommissioning.Decommission> Decommissions => Set<Decommissioning.Decommission>();

    public DbSet<Decommissioning.DecommissionStep> DecommissionSteps => Set<Decommissioning.DecommissionStep>();

    public DbSet<ApiClients.ApiClient> ApiClients => Set<ApiClients.ApiClient>();

    public DbSet<ApiClients.ApiSigningKey> ApiSigningKeys => Set<ApiClients.ApiSigningKey>();

    public DbSet<Preferences.UserPreference> UserPreferences => Set<Preferences.UserPreference>();

    /// <summary>
    /// Saves as EF does. Where the provider indexes Intune rows itself
    /// (<see cref="IBulkRowWriting.IndexesIntuneRows"/>), rows added through the change tracker are
    /// indexed and counted in the same transaction, as <see cref="AutopilotDeviceInserter"/> does for
    /// the bulk writers. Changes are accepted only once all of that has committed. A save that loses
    /// to another writer (a concurrency failure, a duplicate key) throws <see cref="WriteConflictException"/>.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        var added = AddedIntuneRows();
        try
        {
            if (added is null)
            {
                return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }

            var owned = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
            try
            {
                var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
                await this.BulkRowWriting().IntuneRowsInsertedAsync(this, added, cancellationToken);
                if (owned is not null)
                {
                    await owned.CommitAsync(cancellationToken);
                }

                if (acceptAllChangesOnSuccess)
                {
                    ChangeTracker.AcceptAllChanges();
                }

                return saved;
            }
            finally
            {
                if (owned is not null)
                {
                    await owned.DisposeAsync();
                }
            }
        }
        catch (DbUpdateException ex) when (WriteConflicts.Translate(ex, this.StorageErrors()) is { } conflict)
        {
            throw conflict;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <inheritdoc cref="SaveChangesAsync(bool, CancellationToken)"/>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        var added = AddedIntuneRows();
        try
        {
            if (added is null)
            {
                return base.SaveChanges(acceptAllChangesOnSuccess);
            }

            using var owned = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
            var saved = base.SaveChanges(acceptAllChangesOnSuccess: false);
            this.BulkRowWriting().IntuneRowsInserted(this, added);
            owned?.Commit();
            if (acceptAllChangesOnSuccess)
            {
                ChangeTracker.AcceptAllChanges();
            }

            return saved;
        }
        catch (DbUpdateException ex) when (WriteConflicts.Translate(ex, this.StorageErrors()) is { } conflict)
        {
            throw conflict;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>
    /// The ids of the Intune rows the save will insert where the provider indexes them, or null. The
    /// changes are detected here, once: the save that follows runs with detection off (the callers
    /// restore it).
    /// </summary>
    private List<Guid>? AddedIntuneRows()
    {
        if (!this.BulkRowWriting().IndexesIntuneRows)
        {
            return null;
        }

        if (ChangeTracker.AutoDetectChangesEnabled)
        {
            ChangeTracker.DetectChanges();
            ChangeTracker.AutoDetectChangesEnabled = false;
        }

        var ids = ChangeTracker.Entries<AutopilotDevice>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Id).ToList();
        return ids.Count == 0 ? null : ids;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}
