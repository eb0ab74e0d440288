using System.Data.Common;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core;

/// <summary>
/// The portal cannot start as configured; the message is one line that names the setting to change
/// (<c>Database:ConnectionString: …</c>). The host prints it and exits instead of showing a stack trace.
/// </summary>
public sealed class PortalStartException(string message, Exception? innerException = null) : InvalidOperationException(message, innerException)
{
    /// <summary>
    /// The one line that says why the database could not be opened, or null when <paramref name="exception"/> is
    /// not such a failure (another setting's, which the host's start reports, or a defect, which keeps its stack trace).
    /// </summary>
    public static string? Describe(Exception exception) => exception switch
    {
        PortalStartException start => OneLine(start.Message),
        OptionsValidationException { OptionsType: var type } invalid when type == typeof(Data.DatabaseOptions) => OneLine(string.Join(" ", invalid.Failures)),
        _ => null,
    };

    /// <summary>
    /// What a failure to reach the database says, as a start failure naming <c>Database:ConnectionString</c>;
    /// null when <paramref name="exception"/> is not one.
    /// </summary>
    public static PortalStartException? ForDatabase(Exception exception, string provider) => exception switch
    {
        DbException or ArgumentException or TimeoutException or System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException => new PortalStartException(
            $"Database:ConnectionString: the {provider} database cannot be opened: {Reason(exception)}", exception),
        InvalidOperationException { InnerException: DbException or TimeoutException or System.Net.Sockets.SocketException } wrapped => ForDatabase(wrapped.InnerException!, provider),
        _ => null,
    };

    private static string Reason(Exception exception)
    {
        var reason = exception.Message.TrimEnd('.');
        return exception.InnerException is { } inner && !reason.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{reason} ({inner.Message.TrimEnd('.')})."
            : reason + ".";
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
