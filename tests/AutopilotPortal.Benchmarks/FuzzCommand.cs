using System.Globalization;
using AutopilotPortal.Tests.Fuzzing;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// <c>fuzz</c>: the test suite's fuzz campaign, longer and from any seed: each target (the hardware hash decoder,
/// the device CSV reader, the membership-rule parser) for <c>--seconds</c> from <c>--seed</c>, then per target the
/// inputs tried, the outcomes by kind, and each failure with its first and its shrunk input.
/// </summary>
internal static class FuzzCommand
{
    public static int Run(BenchOptions options)
    {
        var seconds = options.Int("seconds", 60);
        var seedText = options.String("seed");
        var seed = seedText is null ? (ulong)Environment.TickCount64 : ulong.Parse(seedText, CultureInfo.InvariantCulture);
        var only = options.String("target");
        var settings = new FuzzSettings(seed, long.MaxValue, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(30), 100_000);

        Console.WriteLine($"fuzz: {seconds} s per target, seed {seed} (repeat a run with --seed {seed}; it tries the same inputs in the same order, as many as fit in the time)");
        Console.WriteLine();
        var failures = 0;
        failures += Run(new HardwareHashFuzz(), settings, only);
        failures += Run(new DeviceCsvFuzz(), settings, only);
        failures += Run(new MembershipRuleFuzz(), settings, only);
        Console.WriteLine(failures == 0 ? "fuzz: no failures" : $"fuzz: {failures} kind(s) of failure");
        return failures == 0 ? 0 : 1;
    }

    private static int Run<T>(FuzzTarget<T> target, FuzzSettings settings, string? only)
    {
        if (only is not null && !string.Equals(only, target.Name, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        var report = FuzzCampaign.Run(target, settings);
        Console.WriteLine(report);
        return report.Failures.Count;
    }
}
