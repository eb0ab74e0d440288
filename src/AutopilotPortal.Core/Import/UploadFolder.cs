using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Import;

/// <summary>
/// The one folder where uploaded CSVs wait for their preview and import
/// (<see cref="ImportOptions.UploadFolder"/>, by default <c>uploads</c> beside the database file).
/// Each file is deleted when its preview or import ends; what a crash left behind is swept at start.
/// </summary>
public sealed class UploadFolder(IOptions<ImportOptions> portal, IOptions<Data.DatabaseOptions> database, Data.IDatabaseProvider provider, ILogger<UploadFolder> logger)
{
    private const string Prefix = "upload-";

    /// <summary>The folder's full path.</summary>
    public string Path => System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(portal.Value.UploadFolder)
        ? System.IO.Path.Combine(provider.LocalFolder(database.Value.ConnectionString), "uploads")
        : portal.Value.UploadFolder);

    /// <summary>A new, unused file path in the folder (the folder is created when missing).</summary>
    public string NewFile()
    {
        System.IO.Directory.CreateDirectory(Path);
        return System.IO.Path.Combine(Path, $"{Prefix}{Guid.NewGuid():N}.csv");
    }

    /// <summary>Deletes one upload; one already gone is fine.</summary>
    public void Delete(string? file)
    {
        if (file is not null && File.Exists(file))
        {
            File.Delete(file);
        }
    }

    /// <summary>At start: deletes every upload a crashed or killed portal left in the folder; returns how many.</summary>
    public int SweepLeftovers()
    {
        if (!System.IO.Directory.Exists(Path))
        {
            return 0;
        }

        var swept = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(Path, $"{Prefix}*.csv"))
        {
            File.Delete(file);
            swept++;
        }

        if (swept > 0)
        {
            logger.LogInformation("Deleted {Count} upload(s) left in {Folder} by an earlier run", swept, Path);
        }

        return swept;
    }
}
