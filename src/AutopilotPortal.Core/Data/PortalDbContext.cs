using AutopilotPortal.Core.Deployment;
using AutopilotPortal.Core.Directory;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// One database for the three modelled services. Each service's tables are kept apart by name
/// prefix (<c>Dds</c>, <c>Directory</c>, <c>Intune</c>) so their boundaries stay visible.
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<DeviceRegistration> Registrations => Set<DeviceRegistration>();

    public DbSet<DirectoryDevice> DirectoryDevices => Set<DirectoryDevice>();

    public DbSet<AutopilotDevice> AutopilotDevices => Set<AutopilotDevice>();

    public DbSet<ManagedDevice> ManagedDevices => Set<ManagedDevice>();

    public DbSet<TenantDeviceCount> DeviceCounts => Set<TenantDeviceCount>();

    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();

    public DbSet<ImportRowResult> ImportRowResults => Set<ImportRowResult>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}
