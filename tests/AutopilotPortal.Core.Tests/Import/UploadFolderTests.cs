using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using AutopilotPortal.Tests.Shared;

namespace AutopilotPortal.Core.Tests.Import;

public class UploadFolderTests
{
    [SqliteFact]
    public async Task UploadsWaitBesideTheDatabaseAndTheStartSweepsOnlyWhatAnEarlierRunLeft()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using var db = await database.CreateDbContextAsync();
        var dataFolder = Path.GetDirectoryName(Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource))!;
        var uploads = database.Get<UploadFolder>();
        var left = new[] { uploads.NewFile(), uploads.NewFile() };
        foreach (var file in left)
        {
            await File.WriteAllTextAsync(file, "Device Serial Number,Windows Product ID,Hardware Hash");
        }

        var notOurs = Path.Combine(uploads.Path, "notes.txt");
        await File.WriteAllTextAsync(notOurs, "kept");
        try
        {
            Assert.Equal(Path.Combine(dataFolder, "uploads"), uploads.Path);
            Assert.All(left, file => Assert.Equal(uploads.Path, Path.GetDirectoryName(file)));

            var swept = uploads.SweepLeftovers();

            Assert.Equal(2, swept);
            Assert.All(left, file => Assert.False(File.Exists(file), $"{file} was left after the sweep."));
            Assert.True(File.Exists(notOurs), "The sweep deleted a file that is not an upload.");
        }
        finally
        {
            System.IO.Directory.Delete(uploads.Path, recursive: true);
        }
    }

    [Fact]
    public async Task TheConfiguredFolderIsUsed()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"autopilot-uploads-{Guid.NewGuid():N}");
        await using var database = await PortalTestDatabase.CreateAsync(new Dictionary<string, string?> { ["Import:UploadFolder"] = folder });
        try
        {
            var file = database.Get<UploadFolder>().NewFile();

            Assert.Equal(folder, Path.GetDirectoryName(file));
            Assert.True(System.IO.Directory.Exists(folder));
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
