using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Tests.Fuzzing;
using Xunit.Abstractions;

namespace AutopilotPortal.Core.Tests.Fuzzing;

/// <summary>
/// The fuzz campaign at the suite's size: a fixed seed and a fixed number of inputs per target, so every run tries
/// the same inputs (the benchmark's <c>fuzz</c> command runs the same targets for longer, from any seed). Each test
/// also checks that the inputs reached what they are meant to reach, so a generator that stopped producing
/// interesting inputs fails rather than passing vacuously.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryHashEndsInAResultOrADocumentedError()
    {
        var report = Run(new HardwareHashFuzz(), inputs: 6_000);

        // Past the checksum (rewritten after mutating) into the record walk and the required fields, and before it.
        Assert.Contains(FuzzOutcome.Result("valid"), report.Outcomes.Keys);
        foreach (var error in new[]
        {
            HardwareHashError.NotBase64, HardwareHashError.BadMagic, HardwareHashError.BadLength, HardwareHashError.MissingChecksum,
            HardwareHashError.ChecksumMismatch, HardwareHashError.RecordOverrun, HardwareHashError.MissingManufacturer,
            HardwareHashError.MissingSerialNumber,
        })
        {
            Assert.Contains(FuzzOutcome.Error(error.ToString()), report.Outcomes.Keys);
        }
    }

    [Fact]
    public void EveryCsvFileEndsInRowsOrADocumentedError()
    {
        var report = Run(new DeviceCsvFuzz(), inputs: 2_000);

        Assert.Contains(FuzzOutcome.Result("rows"), report.Outcomes.Keys);
        Assert.Contains(FuzzOutcome.Result("rows, some with a problem"), report.Outcomes.Keys);
        Assert.Contains(FuzzOutcome.Error("DeviceCsvHeaderException"), report.Outcomes.Keys);
    }

    [Fact]
    public void EveryRuleEndsInARuleOrAnErrorPointingIntoIt()
    {
        var report = Run(new MembershipRuleFuzz(), inputs: 4_000);

        Assert.Contains(FuzzOutcome.Result("parsed"), report.Outcomes.Keys);
        Assert.Contains(FuzzOutcome.Error("MembershipRuleException"), report.Outcomes.Keys);
        Assert.InRange(report.Count(FuzzOutcomeKind.Result), report.Inputs / 20, report.Inputs);
    }

    private FuzzReport Run<T>(FuzzTarget<T> target, long inputs)
    {
        var report = FuzzCampaign.Run(target, FuzzSettings.Suite(inputs));
        output.WriteLine(report.ToString());
        Assert.True(report.Failures.Count == 0, report.ToString());
        Assert.Equal(inputs, report.Inputs);
        return report;
    }
}
