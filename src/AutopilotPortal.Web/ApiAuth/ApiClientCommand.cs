using System.Globalization;
using System.Text.Json;
using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AutopilotPortal.Web.ApiAuth;

/// <summary>
/// <c>api-client add --name NAME --role Autopilot.Admin [--days 180]</c>: creates an API client on the configured
/// database and prints <c>{"tenantId","clientId","clientSecret"}</c> as the one line on standard output, so a script
/// can read it. The web server does not start. A wrong argument is one line on standard error and exit code 2.
/// Settings (<c>--Database:ConnectionString …</c>) may follow, as for the portal.
/// </summary>
public static class ApiClientCommand
{
    public const int UsageError = 2;

    private const string Usage = "usage: api-client add --name NAME --role Autopilot.Admin|Autopilot.HelpDesk|Autopilot.Reader [--days 180]";

    /// <summary>True when the arguments ask for this command rather than the portal.</summary>
    /// <param name="args">The program's arguments.</param>
    public static bool IsInvoked(IReadOnlyList<string> args) => args.Count > 0 && args[0] == "api-client";

    /// <summary>
    /// Sends every log line to standard error, so that standard output holds the command's answer alone. Only when
    /// the command is invoked.
    /// </summary>
    /// <param name="logging">The host's logging.</param>
    /// <param name="args">The program's arguments.</param>
    public static void KeepStandardOutputForTheAnswer(ILoggingBuilder logging, IReadOnlyList<string> args)
    {
        if (IsInvoked(args))
        {
            logging.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        }
    }

    /// <summary>Checks the arguments without running anything: the problem, or null when they are usable.</summary>
    /// <param name="args">The program's arguments, starting with <c>api-client</c>.</param>
    public static string? Check(IReadOnlyList<string> args) => Parse(args).Error;

    /// <summary>Runs the command on the host's services; returns the process exit code.</summary>
    /// <param name="services">The host's services, its database initialised.</param>
    /// <param name="args">The program's arguments, starting with <c>api-client</c>.</param>
    /// <param name="output">Where the answer goes (standard output).</param>
    /// <param name="error">Where a problem goes (standard error).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        var (request, problem) = Parse(args);
        if (request is null)
        {
            await error.WriteLineAsync(problem);
            return UsageError;
        }

        var caller = PortalCaller.System with { UserName = $"command line ({Environment.UserName})" };
        ApiClientSecret created;
        try
        {
            created = await services.GetRequiredService<ApiClientService>()
                .CreateAsync(caller, request.Name, request.Role, TimeSpan.FromDays(request.Days), cancellationToken);
        }
        catch (ApiClientException ex)
        {
            await error.WriteLineAsync($"api-client add: {ex.Message}");
            return UsageError;
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["tenantId"] = created.Client.TenantId.ToString(),
            ["clientId"] = created.Client.ClientId.ToString(),
            ["clientSecret"] = created.Secret,
        }));
        return 0;
    }

    private sealed record AddRequest(string Name, PortalRole Role, int Days);

    private static (AddRequest? Request, string? Error) Parse(IReadOnlyList<string> args)
    {
        if (args.Count < 2 || args[1] != "add")
        {
            return (null, $"api-client: the one subcommand is 'add'; {Usage}");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 2; i < args.Count; i++)
        {
            // A setting such as --Database:ConnectionString is the host's configuration, not the command's.
            if (args[i].StartsWith("--", StringComparison.Ordinal) && args[i].Contains(':', StringComparison.Ordinal))
            {
                i += args[i].Contains('=', StringComparison.Ordinal) ? 0 : 1;
                continue;
            }

            if (args[i] is not ("--name" or "--role" or "--days"))
            {
                return (null, $"api-client add: unknown argument '{args[i]}'; {Usage}");
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"api-client add: {args[i]} needs a value; {Usage}");
            }

            values[args[i]] = args[++i];
        }

        if (!values.TryGetValue("--name", out var name) || string.IsNullOrWhiteSpace(name))
        {
            return (null, $"api-client add: --name is missing; {Usage}");
        }

        if (!values.TryGetValue("--role", out var roleText) || !PortalRoles.TryParseClaim(roleText, out var role))
        {
            return (null, $"api-client add: --role must be Autopilot.Admin, Autopilot.HelpDesk or Autopilot.Reader; {Usage}");
        }

        var days = 180;
        if (values.TryGetValue("--days", out var daysText)
            && (!int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days < 1 || days > ApiClientService.MaxSecretLifetime.TotalDays))
        {
            return (null, $"api-client add: --days must be a whole number from 1 to {ApiClientService.MaxSecretLifetime.TotalDays:0}; {Usage}");
        }

        return (new AddRequest(name.Trim(), role, days), null);
    }
}
