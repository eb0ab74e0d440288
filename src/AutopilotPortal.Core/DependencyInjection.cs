using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core;

/// <summary>Registers the service library.</summary>
public static class DependencyInjection
{
    /// <summary>Adds the portal's core services, its options and its database.</summary>
    public static IServiceCollection AddPortalCore(this IServiceCollection services)
    {
        services.AddOptions<Tenants.TenantOptions>().BindConfiguration(Tenants.TenantOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Partner.PartnerOptions>().BindConfiguration(Partner.PartnerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Sync.SyncOptions>().BindConfiguration(Sync.SyncOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Decommissioning.DecommissionOptions>().BindConfiguration(Decommissioning.DecommissionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccountOptions>, AccountOptionsValidator>();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        AddDatabase(services);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<RegistrationWriter>();
        services.AddSingleton<DeviceRegistrationService>();
        services.AddSingleton<ImportBatchWriter>();
        services.AddSingleton<DeviceIdentityImportService>();
        services.AddSingleton<ImportService>();
        services.AddSingleton<UploadFolder>();
        services.AddSingleton<ImportHistoryService>();
        services.AddSingleton<DeviceService>();
        services.AddSingleton<Dashboard.DashboardService>();
        services.AddSingleton<DeviceEditService>();
        services.AddSingleton<DevicePages>();
        services.AddSingleton<ProfileResolver>();
        services.AddSingleton<ProfileService>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<AuditService>();
        services.AddSingleton<AuditLogService>();
        services.AddSingleton<AccessGuard>();
        services.AddSingleton<LocalUserService>();
        services.AddSingleton<Preferences.UserPreferenceService>();
        services.AddSingleton<UserSessionService>();
        services.AddSingleton<Groups.GroupMembershipService>();
        services.AddSingleton<Groups.GroupService>();
        services.AddSingleton<Entra.DirectoryDeviceService>();
        services.AddSingleton<Entra.DirectoryUserService>();
        services.AddSingleton<Intune.ManagedDeviceService>();
        services.AddSingleton<Partner.OemCatalogSeeder>();
        services.AddSingleton<Partner.PartnerRegistrationService>();
        services.AddSingleton<Sync.SyncService>();
        services.AddSingleton<Simulation.DeploymentSimulator>();
        services.AddSingleton<Health.WorkerStatus>();
        services.AddSingleton<Health.DatabaseHealth>();
        services.AddHostedService<Sync.SyncScheduler>();
        services.AddSingleton<Decommissioning.DecommissionSteps>();
        services.AddSingleton<Decommissioning.DecommissionSignal>();
        services.AddSingleton<Decommissioning.DecommissionRunner>();
        services.AddSingleton<Decommissioning.DecommissionService>();
        services.AddSingleton<Decommissioning.DecommissionQueries>();
        services.AddSingleton<Decommissioning.RecordDeletionService>();
        services.AddHostedService<Decommissioning.DecommissionWorker>();
        services.AddSingleton<Import.RunningImports>();
        services.AddHostedService<Import.ImportKeeper>();
        services.AddSingleton<ApiClients.ApiClientService>();
        services.AddSingleton<ApiClients.SigningKeyStore>();
        AddLocalAccounts(services);
        return services;
    }

    /// <summary>
    /// The database provider <c>Database:Provider</c> names, the context factory on it, and the
    /// provider's constructs features depend on.
    /// </summary>
    private static void AddDatabase(IServiceCollection services)
    {
        services.AddSingleton<IDatabaseProvider>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider switch
        {
            Data.Sqlite.SqliteDatabaseProvider.ProviderName => new Data.Sqlite.SqliteDatabaseProvider(),
            Data.Postgres.PostgresDatabaseProvider.ProviderName => new Data.Postgres.PostgresDatabaseProvider(),
            var other => throw new PortalStartException($"Database:Provider: '{other}' is not a provider the portal knows (Sqlite or Postgres)."),
        });
        services.AddSingleton(sp => sp.GetRequiredService<IDatabaseProvider>().SerialSearch);
        services.AddSingleton(sp => sp.GetRequiredService<IDatabaseProvider>().DirectoryDeviceScan);
        services.AddSingleton(sp => sp.GetRequiredService<IDatabaseProvider>().CommitWatches);
        services.AddDbContextFactory<PortalDbContext>((sp, db) =>
            sp.GetRequiredService<IDatabaseProvider>().Configure(db, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));
    }

    /// <summary>
    /// Local accounts (ASP.NET Core Identity's user manager over the portal's database). The web
    /// host adds sign-in on top; the service library only needs to create and change users.
    /// </summary>
    private static void AddLocalAccounts(IServiceCollection services)
    {
        services.AddIdentityCore<PortalUser>()
            .AddEntityFrameworkStores<PortalDbContext>();
        services.AddOptions<Microsoft.AspNetCore.Identity.IdentityOptions>().Configure<IOptions<AccountOptions>>((identity, accounts) =>
        {
            identity.User.RequireUniqueEmail = false;
            identity.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
            identity.Password.RequiredLength = accounts.Value.MinPasswordLength;
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = accounts.Value.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = accounts.Value.LockoutDuration;
        });
    }
}
