using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Import.Csv;
using AutopilotPortal.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Import;

public class ImportServiceTests
{
    [Theory]
    [InlineData("ChinwikeOnyia26_ModernEndpoints-Deployment-Scripts.csv", "PF5MT6SC")]
    [InlineData("HexDK_SGRE_BG.csv", "F98059756E444D56")]
    [InlineData("Pmedley26_PowerShell_6cc4304.csv", "PF5NRH33")]
    [InlineData("churlbap_ponise.csv", "5CD349G8VJ")]
    public async Task RealFileImportsOneDeviceWithTheSerialFromTheHash(string file, string serial)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using var stream = File.OpenRead(TestDevices.RealFilePath(file));

        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, stream, file);

        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal(1, job.TotalRows);
        Assert.Equal(1, job.Registered);
        Assert.Equal(0, job.Failed);
        var result = Assert.Single((await database.Get<ImportHistoryService>().ListResultsAsync(PortalCaller.System, job.Id, problemsOnly: false, 0, 10)).Items);
        Assert.Equal(2, result.LineNumber);
        Assert.True(result.Succeeded);
        Assert.Equal(serial, result.SerialNumber);
        await using var db = await database.CreateDbContextAsync();
        var registration = await db.Registrations.SingleAsync();
        Assert.Equal(serial, registration.SerialNumber);
        Assert.Equal(result.AutopilotDeviceId, (await db.AutopilotDevices.SingleAsync()).Id);
        Assert.Equal(serial, (await db.DirectoryDevices.SingleAsync()).DisplayName);
    }

    [Fact]
    public async Task AFileNameLongerThanTheColumnIsCutKeepingItsExtensionAndTheImportRuns()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var rows = Enumerable.Range(60, 2).Select(seed => TestDevices.Builder(seed)).Select(b => (b.SerialNumber!, b.Build(), (string?)null)).ToArray();
        var name = new string('n', 296) + ".csv";
        using var csv = TestDevices.Csv(rows);

        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, csv, $"C:\\Users\\me\\{name}");

        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal(2, job.Registered);
        Assert.Equal(ImportService.MaxFileNameLength, job.FileName.Length);
        Assert.Equal(new string('n', ImportService.MaxFileNameLength - 4) + ".csv", job.FileName);
    }

    [Fact]
    public async Task ImportingSameFileTwiceRecordsEveryRowAsAlreadyRegisteredNotFailedAndWritesNothingMore()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var rows = Enumerable.Range(40, 4).Select(seed => TestDevices.Builder(seed)).Select(b => (b.SerialNumber!, b.Build(), (string?)"Lab")).ToArray();
        var import = database.Get<ImportService>();
        using (var first = TestDevices.Csv(rows))
        {
            Assert.Equal(4, (await import.ImportAsync(PortalCaller.System, first, "devices.csv")).Registered);
        }

        var countsBefore = await database.CountAsync();

        using var second = TestDevices.Csv(rows);
        var job = await import.ImportAsync(PortalCaller.System, second, "devices.csv");

        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal(0, job.Failed);
        Assert.Equal(4, job.AlreadyRegistered);
        Assert.Equal(0, job.Registered);
        var results = (await database.Get<ImportHistoryService>().ListResultsAsync(PortalCaller.System, job.Id, problemsOnly: false, 0, 10)).Items;
        Assert.Equal([2, 3, 4, 5], results.Select(r => r.LineNumber));
        Assert.All(results, r =>
        {
            Assert.Equal(806, r.ErrorCode);
            Assert.Equal("ZtdDeviceAlreadyAssigned", r.ErrorName);
            Assert.Equal(ImportRowOutcome.AlreadyRegistered, r.Outcome);
        });
        var countsAfter = await database.CountAsync();
        Assert.Equal(countsBefore.Registrations, countsAfter.Registrations);
        Assert.Equal(countsBefore.DirectoryDevices, countsAfter.DirectoryDevices);
        Assert.Equal(countsBefore.AutopilotDevices, countsAfter.AutopilotDevices);
    }

    [Fact]
    public async Task CorruptedHashInRowSevenFailsOnlyThatRowWithItsLineNumber()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var rows = Enumerable.Range(1, 10)
            .Select(n => (Serial: $"ROW{n:D5}", Hash: n == 7 ? TestDevices.CorruptedHash(seed: 100 + n) : TestDevices.Hash(100 + n, $"ROW{n:D5}"), GroupTag: (string?)null))
            .ToArray();
        using var csv = TestDevices.Csv(rows);

        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, csv, "ten.csv");

        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal(10, job.TotalRows);
        Assert.Equal(9, job.Registered);
        Assert.Equal(1, job.Failed);
        var results = (await database.Get<ImportHistoryService>().ListResultsAsync(PortalCaller.System, job.Id, problemsOnly: false, 0, 20)).Items;
        var failed = Assert.Single(results, r => !r.Succeeded);
        Assert.Equal(8, failed.LineNumber);
        Assert.Equal(802, failed.ErrorCode);
        Assert.Equal("InvalidZtdHardwareHash", failed.ErrorName);
        Assert.Equal("ROW00007", failed.SerialNumber);
        await using var db = await database.CreateDbContextAsync();
        var registered = await db.Registrations.OrderBy(r => r.SerialNumber).Select(r => r.SerialNumber).ToListAsync();
        Assert.Equal(["ROW00001", "ROW00002", "ROW00003", "ROW00004", "ROW00005", "ROW00006", "ROW00008", "ROW00009", "ROW00010"], registered);
        Assert.False(await db.DirectoryDevices.AnyAsync(d => d.DisplayName == "ROW00007"));
        Assert.False(await db.AutopilotDevices.AnyAsync(d => d.SerialKey == "ROW00007"));
    }

    [Fact]
    public async Task PreviewWritesNothingWarnsOnDifferentSerialAndFillsEmptySerial()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        using var csv = TestDevices.Csv(
            ("TYPO-SERIAL", TestDevices.Hash(seed: 50, serial: "REAL50"), null),
            ("", TestDevices.Hash(seed: 51, serial: "REAL51"), "Lab"),
            ("REAL52", TestDevices.Hash(seed: 52, serial: "REAL52"), null));
        var countsBefore = await database.CountAsync();

        var preview = await database.Get<ImportService>().PreviewAsync(PortalCaller.System, csv);

        Assert.Equal(countsBefore, await database.CountAsync());
        Assert.Equal(3, preview.Rows.Count);
        Assert.Equal(3, preview.WillRegister);
        Assert.Equal(1, preview.WithWarnings);
        var mismatched = preview.Rows[0];
        Assert.Equal("TYPO-SERIAL", mismatched.CsvSerialNumber);
        Assert.Equal("REAL50", mismatched.HashSerialNumber);
        RegistrationAssert.Sentence(mismatched.Warning);
        Assert.Contains("TYPO-SERIAL", mismatched.Warning, StringComparison.Ordinal);
        Assert.Contains("REAL50", mismatched.Warning, StringComparison.Ordinal);
        var filled = preview.Rows[1];
        Assert.Equal("", filled.CsvSerialNumber);
        Assert.Equal("REAL51", filled.HashSerialNumber);
        Assert.Null(filled.Warning);
        Assert.Null(filled.Error);
        Assert.Null(preview.Rows[2].Warning);
    }

    [Fact]
    public async Task ImportOfRowWithEmptySerialRegistersTheSerialFromTheHash()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        using var csv = TestDevices.Csv(("", TestDevices.Hash(seed: 53, serial: "FROMHASH53"), null));

        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, csv, "blank-serial.csv");

        Assert.Equal(1, job.Registered);
        Assert.Equal(0, job.Warnings);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal("FROMHASH53", (await db.Registrations.SingleAsync()).SerialNumber);
    }

    [Fact]
    public async Task WrongHeaderThrowsAndCreatesNoJob()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        using var csv = new MemoryStream("Serial,Hash\r\nPF5MT6SC,abc\r\n"u8.ToArray());

        var error = await Assert.ThrowsAsync<DeviceCsvHeaderException>(() => database.Get<ImportService>().ImportAsync(PortalCaller.System, csv, "wrong.csv"));

        Assert.Equal("Serial,Hash", error.Found);
        Assert.Equal(0, (await database.CountAsync()).ImportJobs);
    }

    [Fact]
    public async Task RowsPastMaxImportRowsGet801NamingTheSetting()
    {
        await using var database = await PortalTestDatabase.CreateAsync(new Dictionary<string, string?> { ["Import:MaxRows"] = "2" });
        var rows = Enumerable.Range(60, 4).Select(seed => TestDevices.Builder(seed)).Select(b => (b.SerialNumber!, b.Build(), (string?)null)).ToArray();
        using var csv = TestDevices.Csv(rows);

        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, csv, "big.csv");

        Assert.Equal(2, job.Registered);
        Assert.Equal(2, job.Failed);
        var results = (await database.Get<ImportHistoryService>().ListResultsAsync(PortalCaller.System, job.Id, problemsOnly: false, 0, 10)).Items;
        Assert.True(results[0].Succeeded);
        Assert.True(results[1].Succeeded);
        Assert.All(results.Skip(2), r =>
        {
            Assert.Equal(801, r.ErrorCode);
            Assert.Equal("InvalidZtdRequestBody", r.ErrorName);
            Assert.Contains("Import:MaxRows", r.Message, StringComparison.Ordinal);
        });
        Assert.Equal(2, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task UnreadableRowStopsTheImportAsFailedKeepingTheRowsBefore()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var text = new System.Text.StringBuilder("Device Serial Number,Windows Product ID,Hardware Hash\r\n");
        for (var seed = 70; seed < 73; seed++)
        {
            text.Append($",,{TestDevices.Hash(seed)}\r\n");
        }

        // An opening quote that never closes: the reader refuses a record past 1 MiB.
        text.Append("BROKEN,,\"").Append('A', 1_200_000).Append("\r\n");
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text.ToString()));

        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, stream, "broken.csv");

        Assert.Equal(ImportJobStatus.Failed, job.Status);
        Assert.Contains("line 5", job.FailureMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, job.Registered);
        Assert.Equal(3, (await database.CountAsync()).Registrations);
    }
    [Fact]
    public async Task StorageFailureOnOneRowGives640AndEveryRowGetsExactlyOneResult()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using (var setup = await database.CreateDbContextAsync())
        {
            await StorageFailure.FailIntuneRowForAsync(setup, "ROW00003");
        }

        var rows = Enumerable.Range(1, 5).Select(n => ($"ROW{n:D5}", TestDevices.Hash(200 + n, $"ROW{n:D5}"), (string?)null)).ToArray();
        using var csv = TestDevices.Csv(rows);

        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, csv, "five.csv");

        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal((5, 4, 1), (job.TotalRows, job.Registered, job.Failed));
        var results = (await database.Get<ImportHistoryService>().ListResultsAsync(PortalCaller.System, job.Id, problemsOnly: false, 0, 20)).Items;
        Assert.Equal([2, 3, 4, 5, 6], results.Select(r => r.LineNumber));
        Assert.Equal(640, Assert.Single(results, r => !r.Succeeded).ErrorCode);
        await using var db = await database.CreateDbContextAsync();
        var saved = await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == job.Id);
        Assert.Equal((5, 4, 1), (saved.TotalRows, saved.Registered, saved.Failed));
        Assert.Equal(4, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task RowResultsThatCannotBeWrittenFailTheImportWithoutCountingTheirRows()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using (var setup = await database.CreateDbContextAsync())
        {
            // The job's counts are written with the row results: when the results fail, nothing counts them.
            await StorageFailure.RefuseInsertsAsync(setup, "IntuneImportRowResults");
        }

        var rows = Enumerable.Range(1, 3).Select(n => ($"ROW{n:D5}", TestDevices.Hash(300 + n, $"ROW{n:D5}"), (string?)null)).ToArray();
        using var csv = TestDevices.Csv(rows);

        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, csv, "three.csv");

        Assert.Equal(ImportJobStatus.Failed, job.Status);
        Assert.Equal(0, job.TotalRows);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(0, await db.ImportRowResults.CountAsync(r => r.ImportJobId == job.Id));
        Assert.Equal(0, (await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == job.Id)).TotalRows);
    }
}
