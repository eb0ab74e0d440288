using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Security;

public class AuditTests
{
    private static readonly PortalCaller HelpDesk = PortalCaller.WithRoles("hal@contoso.com", PortalRole.HelpDesk) with { RemoteAddress = "192.0.2.7" };

    [Fact]
    public async Task GroupTagEditWritesWhoWhatTargetOldAndNewValueAndWhere()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await TestDevices.RegisterAsync(database, 2, "Lab", firstSeed: 700);

        await database.Get<DeviceEditService>().UpdateGroupTagAsync(HelpDesk, ids, "Sales");

        var entries = await EntriesAsync(database, AuditActions.GroupTagChanged);
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.Equal("hal@contoso.com", e.Actor);
            Assert.Equal("Device", e.TargetType);
            Assert.Equal("Lab", e.OldValue);
            Assert.Equal("Sales", e.NewValue);
            Assert.Equal("192.0.2.7", e.RemoteAddress);
            Assert.Equal(AuditOutcome.Succeeded, e.Outcome);
            Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, e.OccurredAt);
        });
        Assert.Equal(ids.Select(i => i.ToString()).Order(), entries.Select(e => e.TargetId!).Order());
    }

    [Fact]
    public async Task AReaderOfOneTenantNeitherListsNorExportsAnotherTenantsEntries()
    {
        await using var contoso = await PortalTestDatabase.CreateAsync();
        await using var fabrikam = await contoso.StartAnotherInstanceAsync(new Dictionary<string, string?>
        {
            ["Tenant:Id"] = AutopilotPortal.Core.Data.DatabaseInitializer.OtherTenantId.ToString(),
        });
        var reader = PortalCaller.WithRoles("rita@fabrikam.com", PortalRole.Reader);
        await contoso.Get<AuditService>().WriteAsync(HelpDesk, AuditActions.GroupTagChanged, "Device", "CONTOSO-SERIAL-1");
        await fabrikam.Get<AuditService>().WriteAsync(reader, AuditActions.SyncRequested, "Sync", "FABRIKAM-SYNC");

        var listed = await fabrikam.Get<AuditLogService>().ListAsync(reader, new AuditQuery { Take = 500 });
        using var export = new MemoryStream();
        await fabrikam.Get<AuditLogService>().ExportCsvAsync(reader, new AuditQuery(), export);
        var csv = System.Text.Encoding.UTF8.GetString(export.ToArray());

        Assert.Contains(listed.Items, e => e.Target == "FABRIKAM-SYNC");
        Assert.DoesNotContain(listed.Items, e => e.Target == "CONTOSO-SERIAL-1");
        Assert.Contains("FABRIKAM-SYNC", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("CONTOSO-SERIAL-1", csv, StringComparison.Ordinal);
        Assert.DoesNotContain((await contoso.Get<AuditLogService>().ListAsync(HelpDesk with { Roles = new HashSet<PortalRole> { PortalRole.Reader } }, new AuditQuery { Take = 500 })).Items,
            e => e.Target == "FABRIKAM-SYNC");
    }

    [Fact]
    public async Task UserAndNameEditsRecordTheirOldAndNewValues()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var id = (await TestDevices.RegisterAsync(database, 1, null, firstSeed: 700))[0];
        var devices = database.Get<DeviceEditService>();

        await devices.UpdateAssignedUserAsync(HelpDesk, id, "adele@contoso.com");
        await devices.UpdateAssignedUserAsync(HelpDesk, id, null);
        await devices.UpdateDisplayNameAsync(HelpDesk, id, "LT-0042");

        var users = await EntriesAsync(database, AuditActions.AssignedUserChanged);
        Assert.Equal([(null, "adele@contoso.com"), ("adele@contoso.com", null)], users.OrderBy(e => e.Id).Select(e => (e.OldValue, e.NewValue)));
        var name = Assert.Single(await EntriesAsync(database, AuditActions.DeviceNameChanged));
        Assert.Equal((null, "LT-0042"), (name.OldValue, name.NewValue));
    }

    [Fact]
    public async Task AnEditThatChangesNothingWritesNoEntry()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var id = (await TestDevices.RegisterAsync(database, 1, "Lab", firstSeed: 700))[0];

        await database.Get<DeviceEditService>().UpdateGroupTagAsync(HelpDesk, [id], " Lab ");

        Assert.Empty(await EntriesAsync(database, AuditActions.GroupTagChanged));
    }

    [Fact]
    public async Task ImportWritesItsFileNameAndCounts()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var admin = PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin);

        var job = await database.Get<ImportService>().ImportAsync(admin,
            TestDevices.Csv(("S-1", TestDevices.Hash(601), null), ("S-2", TestDevices.Hash(602), null), ("S-3", "broken", null)), "C:\\fakepath\\batch-7.csv");

        var entry = Assert.Single(await EntriesAsync(database, AuditActions.DevicesImported));
        Assert.Equal("ada@contoso.com", entry.Actor);
        Assert.Equal("batch-7.csv", entry.Target);
        Assert.Equal(job.Id.ToString(), entry.TargetId);
        Assert.Equal(AuditOutcome.Succeeded, entry.Outcome);
        // The CSV's serials (S-1, S-2) differ from the serials inside the hashes: two warnings.
        Assert.Equal("Completed: 4 lines, 3 rows, 2 registered, 0 already registered, 1 failed, 2 with warnings.", entry.Details);
    }

    [Fact]
    public async Task TheDatabaseRefusesToChangeOrDeleteAnEntry()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await database.Get<AuditService>().WriteAsync(HelpDesk, AuditActions.SignIn, "Session", "hal@contoso.com");
        await using var db = await database.CreateDbContextAsync();

        var update = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Actor\" = 'someone-else'"));
        var delete = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\""));

        Assert.Contains("cannot be changed", update.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be deleted", delete.Message, StringComparison.Ordinal);
        Assert.Equal("hal@contoso.com", (await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.SignIn)).Actor);
    }

    [PostgresFact]
    public async Task PostgresRefusesToTruncateTheLog()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await database.Get<AuditService>().WriteAsync(HelpDesk, AuditActions.SignIn, "Session", "hal@contoso.com");
        await using var db = await database.CreateDbContextAsync();

        var truncate = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE \"AuditEntries\""));

        Assert.Contains("cannot be truncated", truncate.Message, StringComparison.Ordinal);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.SignIn));
    }

    [Fact]
    public async Task ListFiltersByUserActionTargetAndTimeAndPagesNewestFirst()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var audit = database.Get<AuditService>();
        var log = database.Get<AuditLogService>();
        var start = database.Clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < 5; i++)
        {
            await audit.WriteAsync(HelpDesk, AuditActions.GroupTagChanged, "Device", $"SERIAL-{i}", oldValue: "a", newValue: "b");
            database.Clock.Advance(TimeSpan.FromHours(1));
        }

        await audit.WriteAsync(PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin), AuditActions.UserCreated, "User", "new-user");
        var reader = PortalCaller.WithRoles("rita@contoso.com", PortalRole.Reader);

        var byUser = await log.ListAsync(reader, new AuditQuery { User = "hal@contoso.com", Take = 2, Skip = 1 });
        var byAction = await log.ListAsync(reader, new AuditQuery { Action = AuditActions.UserCreated });
        var byTarget = await log.ListAsync(reader, new AuditQuery { Target = "serial-3" });
        var byTime = await log.ListAsync(reader, new AuditQuery { From = start.AddHours(1), To = start.AddHours(3) });

        Assert.Equal(5, byUser.TotalCount);
        Assert.Equal(["SERIAL-3", "SERIAL-2"], byUser.Items.Select(e => e.Target));
        Assert.Equal("new-user", Assert.Single(byAction.Items).Target);
        Assert.Equal("SERIAL-3", Assert.Single(byTarget.Items).Target);
        Assert.Equal(["SERIAL-2", "SERIAL-1"], byTime.Items.Select(e => e.Target));
    }

    [Fact]
    public async Task DeviceExportNeutralisesAGroupTagThatStartsWithEquals()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await TestDevices.RegisterAsync(database, 1, null, firstSeed: 700);
        var admin = PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin);
        await database.Get<DeviceEditService>().UpdateGroupTagAsync(admin, ids, "=HYPERLINK(\"http://evil.example\",\"x\")");
        var output = new MemoryStream();

        var count = await database.Get<DeviceService>().ExportCsvAsync(PortalCaller.WithRoles("rita@contoso.com", PortalRole.Reader), new DeviceListQuery(), output);

        Assert.Equal(1, count);
        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Serial number,Manufacturer,Model,Group tag,", lines[0], StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",", lines[1], StringComparison.Ordinal);
        var exported = Assert.Single(await EntriesAsync(database, AuditActions.DataExported));
        Assert.Equal("rita@contoso.com", exported.Actor);
        Assert.Equal("1 devices", exported.Details);
    }

    [Theory]
    [InlineData("=1+2", "\"'=1+2\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-1", "\"'-1\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("\ncmd", "\"'\ncmd\"")]
    [InlineData("=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\"")]
    [InlineData("PF5MT6SC", "PF5MT6SC")]
    [InlineData("a=b", "a=b")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("Lab, floor 2", "\"Lab, floor 2\"")]
    [InlineData("line one\r\nline two", "\"line one\r\nline two\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public async Task AuditExportQuotesWhatNeedsItAndNeutralisesFormulaStarts(string? target, string expected)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await database.Get<AuditService>().WriteAsync(HelpDesk, AuditActions.GroupTagChanged, "Device", target);
        var output = new MemoryStream();

        await database.Get<AuditLogService>().ExportCsvAsync(PortalCaller.WithRoles("rita@contoso.com", PortalRole.Reader), new AuditQuery { Action = AuditActions.GroupTagChanged }, output);

        var text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.StartsWith("\uFEFFTime (UTC),User,Action,Outcome,Target type,Target,Target id,Old value,New value,Details,From\r\n", text, StringComparison.Ordinal);
        Assert.Contains($",{AuditActions.GroupTagChanged},Succeeded,Device,{expected},,,,,192.0.2.7\r\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=1+1", "\"'=1+1\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-1", "\"'-1\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("Lab, floor 2", "\"Lab, floor 2\"")]
    [InlineData("Sales", "Sales")]
    public async Task DeviceExportQuotesWhatNeedsItAndNeutralisesFormulaStarts(string groupTag, string expected)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await TestDevices.RegisterAsync(database, 1, null, firstSeed: 710);
        await database.Get<DeviceEditService>().UpdateGroupTagAsync(PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin), ids, groupTag);
        var output = new MemoryStream();

        await database.Get<DeviceService>().ExportCsvAsync(PortalCaller.WithRoles("rita@contoso.com", PortalRole.Reader), new DeviceListQuery(), output);

        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Serial number,Manufacturer,Model,Group tag,Profile status,Purchase order,Assigned user,Device name,Last contacted (UTC),Enrollment state", lines[0]);
        Assert.Equal(2, lines.Length);
        var cells = SplitOutsideQuotes(lines[1]);
        Assert.Equal(expected, cells[3]);

        // Statuses as the list shows them, not their codes.
        Assert.Equal("Not assigned", cells[4]);
        Assert.Equal("Not contacted", cells[9]);
    }

    /// <summary>The cells of one CSV line as written, quotes kept, split at the commas outside quotes.</summary>
    private static List<string> SplitOutsideQuotes(string line)
    {
        var cells = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == ',' && !quoted)
            {
                cells.Add(line[start..i]);
                start = i + 1;
            }
        }

        cells.Add(line[start..]);
        return cells;
    }

    private static async Task<List<AuditEntry>> EntriesAsync(PortalTestDatabase database, string action)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action).ToListAsync();
    }

}
