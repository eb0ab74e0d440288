using AutopilotPortal.Core.Decommissioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AutopilotPortal.Web.Testing;

/// <summary>
/// A test hook outside the portal's options: after committing step <c>TestHooks:DecommissionHaltAfterStep</c>
/// of a decommission (0 = after claiming it), the worker prints <see cref="Marker"/> with the step and
/// the decommission's id and waits until the process is stopped, so that a test can kill the real
/// process there. Registered only outside the Production environment.
/// </summary>
internal sealed class DecommissionHalt(int haltAfterStep, TimeProvider clock) : IDecommissionStepObserver
{
    /// <summary>The configuration key.</summary>
    public const string SettingName = "TestHooks:DecommissionHaltAfterStep";

    /// <summary>The line a test waits for before it kills the process.</summary>
    public const string Marker = "DECOMMISSION-HALTED-AFTER-STEP";

    public async Task StepCommittedAsync(Guid decommissionId, int afterStep, CancellationToken cancellationToken)
    {
        if (afterStep != haltAfterStep)
        {
            return;
        }

        // Written straight to the console so the test sees it whatever the logging configuration.
        await Console.Out.WriteLineAsync($"{Marker} {afterStep} {decommissionId}");
        await Console.Out.FlushAsync(cancellationToken);
        await Task.Delay(Timeout.InfiniteTimeSpan, clock, cancellationToken);
    }

    /// <summary>Registers the hook when the setting is present and the environment is not Production.</summary>
    public static void AddIfAsked(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsProduction() || configuration.GetValue<int?>(SettingName) is not { } step)
        {
            return;
        }

        if (step is < 0 or > 4)
        {
            throw new InvalidOperationException($"{SettingName} must be a step from 0 to 4; it is {step}.");
        }

        services.AddSingleton<IDecommissionStepObserver>(sp => new DecommissionHalt(step, sp.GetRequiredService<TimeProvider>()));
    }
}
