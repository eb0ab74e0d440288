using AutopilotPortal.Tests.Fuzzing;
using CsCheck;

namespace AutopilotPortal.Core.Tests.Fuzzing;

/// <summary>The campaign itself: that it reports each kind of failure it promises to catch, with the input.</summary>
public class FuzzCampaignTests
{
    [Fact]
    public void AnExceptionIsAFailureWithItsShrunkInput()
    {
        var report = FuzzCampaign.Run(new NumberTarget(run: n => n >= 1000 ? throw new InvalidCastException("big") : Ok), FuzzSettings.Suite(2_000));

        var failure = Assert.Single(report.Failures);
        Assert.StartsWith("InvalidCastException in ", failure.Signature, StringComparison.Ordinal);
        Assert.Contains("System.InvalidCastException: big", failure.Detail, StringComparison.Ordinal);
        // CsCheck shrinks from the failing input's own seed: still failing, and no larger.
        var shrunk = Number(failure.Shrunk[(failure.Shrunk.LastIndexOf("number ", StringComparison.Ordinal) + "number ".Length)..]);
        Assert.InRange(shrunk, 1000, Number(failure.Input["number ".Length..]));
        Assert.True(report.Count(FuzzOutcomeKind.Result) > 0);
    }

    [Fact]
    public void AllocatingPastTheBudgetIsAMemoryFailure()
    {
        var report = FuzzCampaign.Run(
            new NumberTarget(
                run: n =>
                {
                    GC.KeepAlive(new byte[n]);
                    return Ok;
                },
                budget: 64 * 1024),
            FuzzSettings.Suite(2_000));

        var failure = Assert.Single(report.Failures);
        Assert.Equal("memory", failure.Signature);
    }

    [Fact]
    public void AnInputThatNeverReturnsStopsTheCampaignAsAHang()
    {
        using var never = new ManualResetEventSlim();
        try
        {
            var settings = FuzzSettings.Suite(2_000) with { InputTimeLimit = TimeSpan.FromSeconds(1) };
            var report = FuzzCampaign.Run(
                new NumberTarget(run: n =>
                {
                    if (n % 100 == 7)
                    {
                        never.Wait();
                    }

                    return Ok;
                }),
                settings);

            var failure = Assert.Single(report.Failures);
            Assert.Equal("hang", failure.Signature);
            Assert.Equal(7, Number(failure.Input["number ".Length..]) % 100);
        }
        finally
        {
            never.Set();
        }
    }

    private static FuzzOutcome Ok => FuzzOutcome.Result("ok");

    private static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Numbers from 0 to 1,000,000 (small ones first, as CsCheck generates them) into a function of the test's.</summary>
    private sealed class NumberTarget(Func<int, FuzzOutcome> run, long budget = long.MaxValue) : FuzzTarget<int>
    {
        public override string Name => "numbers";

        public override uint Stream => 99;

        public override Gen<int> Inputs { get; } = Gen.Int[0, 1_000_000];

        public override FuzzOutcome Run(int input) => run(input);

        public override string Print(int input) => $"number {input}";

        public override long AllocationBudget(int input) => budget;
    }
}
