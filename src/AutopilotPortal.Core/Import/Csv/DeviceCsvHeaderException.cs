namespace AutopilotPortal.Core.Import.Csv;

/// <summary>
/// Thrown when a device CSV does not start with one of the accepted headers; the whole file is refused.
/// The message names the header found and the ones expected, so it can be shown to the user as is.
/// </summary>
public sealed class DeviceCsvHeaderException : Exception
{
    private const int MaxFoundLength = 200;

    /// <summary>Creates the exception for a file whose header is <paramref name="found"/> (<c>""</c> for an empty file).</summary>
    /// <param name="found">The header line as found; cut to its first 200 characters.</param>
    public DeviceCsvHeaderException(string found)
        : this(found, null)
    {
    }

    /// <summary>Creates the exception for a file whose header is <paramref name="found"/>, caused by <paramref name="innerException"/>.</summary>
    /// <param name="found">The header line as found; cut to its first 200 characters.</param>
    /// <param name="innerException">The error that kept the header from being read, if any.</param>
    public DeviceCsvHeaderException(string found, Exception? innerException)
        : base(BuildMessage(Cut(found)), innerException)
    {
        Found = Cut(found);
    }

    private DeviceCsvHeaderException(string found, string message, Exception? innerException)
        : base(message, innerException)
    {
        Found = Cut(found);
    }

    /// <summary>
    /// For a file whose first record runs past <paramref name="maxKilobytes"/> KB, which an unclosed quote in the
    /// header, or a file that is not a CSV, makes.
    /// </summary>
    /// <param name="found">The file's first line that is not blank.</param>
    /// <param name="maxKilobytes">The record limit.</param>
    /// <param name="innerException">The parser's error.</param>
    public static DeviceCsvHeaderException TooLong(string found, int maxKilobytes, Exception? innerException) =>
        new(found, $"The file's first line{(found.Length == 0 ? "" : $", '{Cut(found)}',")} starts a record longer than {maxKilobytes:N0} KB: " +
            "a quote in the header is never closed, or the file is not a device CSV. " +
            $"Expected the header '{DeviceCsvHeaders.IntuneMinimal}'.", innerException);

    /// <summary>The header line as found (its first 200 characters); <c>""</c> for an empty file.</summary>
    public string Found { get; }

    /// <summary>The accepted headers, each as a comma-joined line.</summary>
    public IReadOnlyList<string> Expected => DeviceCsvHeaders.Accepted;

    private static string Cut(string found) =>
        found.Length <= MaxFoundLength ? found : found[..MaxFoundLength];

    private static string BuildMessage(string found) =>
        found.Length == 0
            ? $"The file is empty: expected the header '{DeviceCsvHeaders.IntuneMinimal}'."
            : $"The file's header is '{found}'. Expected '{DeviceCsvHeaders.IntuneMinimal}' " +
              $"(optionally followed by '{DeviceCsvHeaders.GroupTag}' and '{DeviceCsvHeaders.AssignedUser}'), " +
              $"or the partner header '{string.Join(',', DeviceCsvHeaders.Partner)}'.";
}
