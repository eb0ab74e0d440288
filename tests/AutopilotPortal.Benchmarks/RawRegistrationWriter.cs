using System.Text.Json;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Data.Sqlite;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Registration;
using Microsoft.Data.Sqlite;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// Inserts a registration, its Entra device object and its Intune list row with prepared raw
/// ADO.NET commands: the rows <c>DeviceRegistrationService</c> writes, column for column and
/// value for value (Guids as upper-case TEXT, DateTimes as EF's TEXT form, enums as INTEGER,
/// physicalIds as a JSON array), without EF, matching or per-row result rows.
/// </summary>
internal sealed class RawRegistrationWriter : IDisposable
{
    private readonly SqliteCommand _registration;
    private readonly SqliteCommand _directory;
    private readonly SqliteCommand _device;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly List<string> _deviceIds = [];

    public RawRegistrationWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        (_connection, _transaction) = (connection, transaction);
        _registration = Command(connection, transaction, "DdsRegistrations",
            "Id", "Ztdid", "TenantId", "SerialNumber", "SerialKey", "Manufacturer", "Model", "SmbiosUuid", "TpmKeyHash", "HardwareKey",
            "ProductKeyId", "HardwareHash", "HardwareHashLength", "GroupTag", "PurchaseOrderId", "AssignedUserPrincipalName", "Source", "RegisteredAt", "UpdatedAt");
        _directory = Command(connection, transaction, "DirectoryDevices",
            "Id", "DeviceId", "TenantId", "DisplayName", "AccountEnabled", "TrustType", "OperatingSystem", "Manufacturer", "Model",
            "PhysicalIds", "OrderId", "HardwareKey", "Ztdid", "CreatedAt");
        _device = Command(connection, transaction, "IntuneAutopilotDevices",
            "Id", "TenantId", "RegistrationId", "Ztdid", "SerialNumber", "SerialKey", "Manufacturer", "Model", "ProductKey", "SkuNumber",
            "SystemFamily", "GroupTag", "PurchaseOrderIdentifier", "UserPrincipalName", "DisplayName", "DirectoryObjectId",
            "AzureActiveDirectoryDeviceId", "ManagedDeviceId", "EnrollmentState", "ProfileStatus", "DeploymentProfileName",
            "ProfileAssignedDateTime", "LastContactedDateTime", "CreatedAt");
    }

    public void Write(Guid tenantId, PreparedRegistration row, DateTime now) => Write(tenantId, row, now, registrationOnly: false);

    /// <summary>
    /// Writes the registration alone, as an OEM (or any path other than the portal's import) leaves
    /// it in the deployment service: no Entra object, no Intune row until a sync.
    /// </summary>
    public void WriteRegistrationOnly(Guid tenantId, PreparedRegistration row, DateTime now) => Write(tenantId, row, now, registrationOnly: true);

    private void Write(Guid tenantId, PreparedRegistration row, DateTime now, bool registrationOnly)
    {
        var info = row.Hardware!;
        var identity = row.Identity!;
        var hardwareKey = identity.HardwareKey;
        var serial = info.SerialNumber.Trim();
        var groupTag = Blank(row.Request.GroupTag);
        var purchaseOrder = Blank(row.Request.PurchaseOrderId);
        var user = Blank(row.Request.AssignedUser);
        var productKey = Blank(row.Request.ProductKey) ?? info.ProductKeyId;
        var storedHash = row.Hash;
        var registrationId = Guid.NewGuid();
        var ztdid = Guid.NewGuid();
        var directoryId = Guid.NewGuid();
        var deviceId = Guid.NewGuid();

        Run(_registration, registrationId, ztdid, tenantId, serial, identity.SerialKey, identity.Manufacturer, info.Model, info.SmbiosUuid,
            identity.TpmKeyHash, hardwareKey, productKey, storedHash?.Bytes, storedHash?.Length ?? 0, groupTag, purchaseOrder, user, 0, now, now);
        if (registrationOnly)
        {
            return;
        }

        var ids = PhysicalIds.For(ztdid, hardwareKey, groupTag, purchaseOrder);
        Run(_directory, directoryId, deviceId, tenantId, serial, false, 0, "Windows", identity.Manufacturer, info.Model,
            JsonSerializer.Serialize(ids), PhysicalIds.OrderIdOf(ids), hardwareKey, ztdid, now);
        var id = Guid.NewGuid();
        _deviceIds.Add(id.ToString().ToUpperInvariant());
        Run(_device, id, tenantId, registrationId, ztdid, serial, identity.SerialKey, identity.Manufacturer, info.Model,
            productKey, info.Sku, info.Family, groupTag, purchaseOrder, user, null, directoryId, deviceId, null,
            4 /* NotContacted */, 0 /* NotAssigned */, null, null, null, now);
    }

    /// <summary>
    /// Indexes the serial numbers of the Intune rows written and counts them, as the portal's
    /// writers do once per batch (no insert trigger does). Call before the commit.
    /// </summary>
    public void Complete()
    {
        // In pieces: a bulk seed writes a million rows in one transaction.
        foreach (var ids in _deviceIds.Chunk(50_000))
        {
            using var index = _connection.CreateCommand();
            index.Transaction = _transaction;
            index.CommandText = IntuneRowIndexes.IndexRowsSql;
            index.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
            index.ExecuteNonQuery();
        }

        _deviceIds.Clear();
    }

    public void Dispose()
    {
        _registration.Dispose();
        _directory.Dispose();
        _device.Dispose();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))});";
        foreach (var column in columns)
        {
            command.Parameters.Add(new SqliteParameter("$" + column, null));
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] is Guid g ? g.ToString().ToUpperInvariant() : values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
