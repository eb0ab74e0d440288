namespace AutopilotPortal.Benchmarks;

internal static class SamplesCommand
{
    public static int Run(BenchOptions options) => 0;
}
internal static class SearchBenchmark
{
    public static Task<int> RunAsync(BenchOptions options) => Task.FromResult(0);
}
