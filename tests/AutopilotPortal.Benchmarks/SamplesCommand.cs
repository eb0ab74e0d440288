namespace AutopilotPortal.Benchmarks;

internal static class SamplesCommand
{
    public static int Run(BenchOptions options) => 0;
}
