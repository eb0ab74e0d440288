using System.Text;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Partner;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Registration;

/// <summary>
/// A value the edit dialog refuses is refused the same way, with the same sentence, by the import, the partner
/// CSV and the bulk edit; before, the import stored group tags with line breaks, 2,000-character tags, users that
/// are not UPNs, 5,000-character product keys and 10,000-character serials.
/// </summary>
public class OneValidationTests
{
    public static TheoryData<string, string> BadGroupTags => new()
    {
        { "Sales\0Paris", "The group tag contains a control character (a tab or line break, say); remove it." },
        { "Sales\tParis", "The group tag contains a control character (a tab or line break, say); remove it." },
        { new string('t', 2000), "The group tag has 2,000 characters; at most 128 are allowed." },
    };

    [Theory]
    [MemberData(nameof(BadGroupTags))]
    public async Task AGroupTagTheEditRefusesIsARowErrorOnImportWithTheSameSentence(string tag, string sentence)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await TestDevices.RegisterAsync(database, 2, "Lab", firstSeed: 2100);
        var edit = await Assert.ThrowsAsync<DeviceValidationException>(() => database.Get<DeviceEditService>().UpdateGroupTagAsync(PortalCaller.System, ids, tag));
        Assert.Equal(sentence, edit.Message);
        var before = await database.CountAsync();

        var csv = "Device Serial Number,Windows Product ID,Hardware Hash,Group Tag\r\n" +
                  $"VAL00001,,{TestDevices.Hash(2200, "VAL00001")},\"{tag}\"\r\n" +
                  $"VAL00002,,{TestDevices.Hash(2201, "VAL00002")},Good\r\n";
        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "tags.csv");

        Assert.Equal((1, 1), (job.Registered, job.Failed));
        var refused = (await database.Get<ImportHistoryService>().ListResultsAsync(PortalCaller.System, job.Id, problemsOnly: true, 0, 10)).Items.Single();
        Assert.Equal((2, 801, sentence), (refused.LineNumber, refused.ErrorCode!.Value, refused.Message!));
        Assert.Equal(before.Registrations + 1, (await database.CountAsync()).Registrations);
        await using var db = await database.CreateDbContextAsync();
        Assert.DoesNotContain(await db.DirectoryDevices.Select(d => d.PhysicalIds).ToListAsync(), ids => ids.Any(id => id.Contains('\t') || id.Contains('\0') || id.Length > 200));
    }

    public static TheoryData<string, string, string> BadRowValues => new()
    {
        { "user", "x@" + new string('a', 631), "The assigned user has 633 characters; a user principal name has at most 113." },
        { "user", "not a upn", "'not a upn' is not a user principal name: expected the form name@domain, for example adele@contoso.com." },
        { "user", "adele\n@contoso.com", "The assigned user contains a control character (a tab or line break, say); remove it." },
        { "key", new string('1', 5000), "The Windows product ID has 5,000 characters; at most 64 are allowed." },
        { "key", "12;DROP", "The Windows product ID '12;DROP' may contain only letters, digits and hyphens." },
        { "serial", new string('S', 10_000), "The serial number has 10,000 characters; at most 128 are allowed." },
        { "serial", "SN\r\n1", "The serial number contains a control character (a tab or line break, say); remove it." },
    };

    [Theory]
    [MemberData(nameof(BadRowValues))]
    public async Task AnImportRowWithAValueTheServiceRefusesFailsWithItsSentenceAndWritesNothing(string column, string value, string sentence)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var quoted = "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var (serial, key, user) = column switch
        {
            "serial" => (quoted, "", ""),
            "key" => ("VAL10001", quoted, ""),
            _ => ("VAL10001", "", quoted),
        };
        var csv = "Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User\r\n" +
                  $"{serial},{key},{TestDevices.Hash(2300, "VAL10001")},Lab,{user}\r\n";

        var preview = await database.Get<ImportService>().PreviewAsync(PortalCaller.System, new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "values.csv");

        Assert.Equal(sentence, Assert.Single(preview.Rows).Error?.Message);
        Assert.Equal((0, 1), (job.Registered, job.Failed));
        Assert.Equal(0, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task TheAssignedUserEditRefusesWhatTheImportRefusesWithTheSameSentence()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await TestDevices.RegisterAsync(database, 1, null, firstSeed: 2400);
        var user = "x@" + new string('a', 631);

        var edit = await Assert.ThrowsAsync<DeviceValidationException>(() => database.Get<DeviceEditService>().UpdateAssignedUserAsync(PortalCaller.System, ids[0], user));

        Assert.Equal(DeviceValues.AssignedUserError(user), edit.Message);
        Assert.Equal("The assigned user has 633 characters; a user principal name has at most 113.", edit.Message);
    }

    [Fact]
    public async Task APartnerCsvRowWithAGroupTagTooLongIsRefusedWithTheSameSentence()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var csv = "Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model\r\n" +
                  $"PRT00001,,{TestDevices.Hash(2500, "PRT00001")},Contoso,\"Model\nTwo\"\r\n";

        var results = await database.Get<PartnerRegistrationService>().RegisterCsvAsync(PortalCaller.System, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "partner.csv");

        var result = Assert.Single(results);
        Assert.Equal(801, result.Error?.Code);
        Assert.Equal(DeviceValues.ModelError("Model\nTwo"), result.Error?.Message);
        Assert.Equal(0, (await database.CountAsync()).Registrations);
    }
}

/// <summary>Strings a hash carries come from firmware as 8-bit bytes; only what collecting again could change is refused.</summary>
public class HashStringValidationTests
{
    [Fact]
    public void AModelWhoseFirmwareBytesReadAsC1CharactersStillRegisters()
    {
        // UTF-8 "Ü" (C3 9C) in the firmware reads as "Ã\u009C": a C1 character, which no new capture would change.
        var builder = TestDevices.Builder(2600, "C1MODEL01");
        builder.Model = "Modell \u00C3\u009C 7";

        var prepared = RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, builder.Build()));

        Assert.Null(prepared.Error);
        Assert.Equal("Modell \u00C3\u009C 7", prepared.Hardware!.Model);
    }

    [Fact]
    public void ASerialWithALineBreakInTheHashIsRefused()
    {
        var builder = TestDevices.Builder(2601, "SN\n01");

        var prepared = RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, builder.Build()));

        Assert.Equal(802, prepared.Error?.Code);
        Assert.Contains("control character", prepared.Error!.Message, StringComparison.Ordinal);
    }
}
