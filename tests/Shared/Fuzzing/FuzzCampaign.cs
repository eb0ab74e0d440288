using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsCheck;

namespace AutopilotPortal.Tests.Fuzzing;

/// <summary>How one fuzz input ended when it kept the target's contract.</summary>
internal enum FuzzOutcomeKind
{
    /// <summary>The target returned a result.</summary>
    Result,

    /// <summary>The target refused the input the documented way (an error result or a documented exception type).</summary>
    DocumentedError,
}

/// <summary>An outcome and a short name for it (an error code, an exception type), counted per kind in the report.</summary>
internal readonly record struct FuzzOutcome(FuzzOutcomeKind Kind, string Detail)
{
    public static FuzzOutcome Result(string detail) => new(FuzzOutcomeKind.Result, detail);

    public static FuzzOutcome Error(string detail) => new(FuzzOutcomeKind.DocumentedError, detail);
}

/// <summary>Thrown by a target when an outcome is of a documented kind but breaks what is documented about it.</summary>
internal sealed class FuzzContractException(string message) : Exception(message);

/// <summary>A fuzzed entry point: where its inputs come from, how one is run and classified, how it is shown.</summary>
internal abstract class FuzzTarget<T>
{
    /// <summary>The name the report and the benchmark's output use.</summary>
    public abstract string Name { get; }

    /// <summary>A number that keeps each target's random stream apart from the others' for the same seed.</summary>
    public abstract uint Stream { get; }

    /// <summary>The inputs: random, and mutations of real files and documented examples.</summary>
    public abstract Gen<T> Inputs { get; }

    /// <summary>
    /// Runs one input. Returns the outcome when it is a result or a documented error; throws
    /// <see cref="FuzzContractException"/> when a documented outcome breaks its documented shape; any other
    /// exception escaping is a defect of the target.
    /// </summary>
    public abstract FuzzOutcome Run(T input);

    /// <summary>The input as text a person can paste into a unit test (base64 or escaped text).</summary>
    public abstract string Print(T input);

    /// <summary>
    /// How many bytes one run may allocate on its thread. Generous (tens of times what the input needs), so only
    /// memory that grows without bound, or with something other than the input, goes past it.
    /// </summary>
    public abstract long AllocationBudget(T input);
}

/// <summary>How long a campaign runs and from which seed.</summary>
/// <param name="Seed">The seed of the campaign: the same seed and input count give the same inputs.</param>
/// <param name="Inputs">How many inputs to try, at most.</param>
/// <param name="Duration">How long to try inputs, at most; null for no limit (then <paramref name="Inputs"/> ends it).</param>
/// <param name="InputTimeLimit">How long one input may run before it counts as a hang and the campaign stops.</param>
/// <param name="ShrinkIterations">How many inputs CsCheck tries when shrinking a failure.</param>
internal sealed record FuzzSettings(
    ulong Seed,
    long Inputs,
    TimeSpan? Duration,
    TimeSpan InputTimeLimit,
    int ShrinkIterations)
{
    /// <summary>The test suite's settings: a fixed number of inputs from a fixed seed, so every run tries the same ones.</summary>
    public static FuzzSettings Suite(long inputs) => new(20261202, inputs, null, TimeSpan.FromSeconds(30), 5_000);
}

/// <summary>A kind of failure: the first input that showed it, how often it occurred and the shrunk input CsCheck found.</summary>
internal sealed record FuzzFailure(string Signature, string Detail, string Seed, string Input, string Shrunk)
{
    public long Count { get; set; } = 1;
}

/// <summary>What a campaign tried and found, per target.</summary>
internal sealed class FuzzReport(string target)
{
    public string Target { get; } = target;

    public long Inputs { get; set; }

    public TimeSpan Elapsed { get; set; }

    public Dictionary<FuzzOutcome, long> Outcomes { get; } = [];

    public List<FuzzFailure> Failures { get; } = [];

    public long Count(FuzzOutcomeKind kind) => Outcomes.Where(o => o.Key.Kind == kind).Sum(o => o.Value);

    public override string ToString()
    {
        var text = new StringBuilder();
        var rate = Elapsed.TotalSeconds > 0 ? Inputs / Elapsed.TotalSeconds : 0;
        text.AppendLine(CultureInfo.InvariantCulture, $"{Target}: {Inputs:N0} inputs in {Elapsed.TotalSeconds:N1} s ({rate:N0}/s)");
        foreach (var (outcome, count) in Outcomes.OrderBy(o => o.Key.Kind).ThenByDescending(o => o.Value))
        {
            var kind = outcome.Kind == FuzzOutcomeKind.Result ? "result" : "documented error";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {kind,-17} {outcome.Detail,-48} {count,12:N0}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  failures: {Failures.Count}");
        foreach (var failure in Failures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  - {failure.Signature} ({failure.Count:N0} inputs)");
            text.AppendLine(CultureInfo.InvariantCulture, $"    {failure.Detail}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    first input (seed {failure.Seed}): {failure.Input}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    shrunk: {failure.Shrunk}");
        }

        return text.ToString();
    }
}

/// <summary>
/// Runs a target over generated inputs. Inputs come from one PCG stream per target and seed, so a campaign with the same
/// seed and input count tries the same inputs on every machine; a failure is then shrunk by CsCheck from the failing
/// input's own seed. Every input is run with two guards: its allocations on the running thread against the target's
/// budget, and a watchdog that ends the campaign when one input runs longer than the time limit (a hang).
/// </summary>
internal static class FuzzCampaign
{
    public static FuzzReport Run<T>(FuzzTarget<T> target, FuzzSettings settings)
    {
        var report = new FuzzReport(target.Name);
        var current = new CurrentInput();
        Exception? crash = null;
        var clock = Stopwatch.StartNew();

        // A thread of its own, so that the watchdog can give up on an input that never returns. Default stack size,
        // as the portal's own threads have, so that recursion too deep for the portal is too deep here.
        var worker = new Thread(() =>
        {
            try
            {
                Loop(target, settings, report, current, clock);
            }
            catch (Exception exception)
            {
                crash = exception;
            }
        })
        {
            IsBackground = true,
            Name = $"fuzz {target.Name}",
        };
        worker.Start();

        // The watchdog: wakes every second while the worker runs and looks at how long its input has been running.
        while (!worker.Join(TimeSpan.FromSeconds(1)))
        {
            if (current.RunningLongerThan(settings.InputTimeLimit, out var seed, out var input))
            {
                lock (report)
                {
                    report.Elapsed = clock.Elapsed;
                    report.Failures.Add(new FuzzFailure(
                        "hang",
                        $"one input ran longer than {settings.InputTimeLimit.TotalSeconds:N0} s; the campaign stopped there",
                        seed,
                        target.Print((T)input!),
                        "(not shrunk: every smaller candidate could hang as well)"));
                    return report;
                }
            }
        }

        if (crash is not null)
        {
            throw new InvalidOperationException($"The fuzz campaign of {target.Name} itself failed.", crash);
        }

        report.Elapsed = clock.Elapsed;
        return report;
    }

    private static void Loop<T>(FuzzTarget<T> target, FuzzSettings settings, FuzzReport report, CurrentInput current, Stopwatch clock)
    {
        var pcg = new PCG(target.Stream, settings.Seed);
        while (report.Inputs < settings.Inputs && (settings.Duration is not { } duration || clock.Elapsed < duration))
        {
            var seed = pcg.ToString();
            var input = target.Inputs.Generate(pcg, null!, out _);
            var (outcome, failure) = Execute(target, input, seed, current);
            lock (report)
            {
                report.Inputs++;
                if (failure is null)
                {
                    report.Outcomes[outcome] = report.Outcomes.GetValueOrDefault(outcome) + 1;
                    continue;
                }

                var known = report.Failures.Find(f => f.Signature == failure.Value.Signature);
                if (known is not null)
                {
                    known.Count++;
                    continue;
                }
            }

            // A new kind of failure: shrunk once, from this input's seed; later inputs of the kind are only counted.
            var shrinkResult = Shrink(target, seed, settings, current);
            lock (report)
            {
                report.Failures.Add(new FuzzFailure(failure.Value.Signature, failure.Value.Detail, seed, target.Print(input), shrinkResult));
            }
        }
    }

    private static (FuzzOutcome Outcome, (string Signature, string Detail)? Failure) Execute<T>(
        FuzzTarget<T> target, T input, string seed, CurrentInput current)
    {
        current.Begin(seed, input);
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var outcome = target.Run(input);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var budget = target.AllocationBudget(input);
            return allocated > budget
                ? (outcome, ("memory", $"one input allocated {allocated:N0} bytes, more than the {budget:N0} allowed for it"))
                : (outcome, null);
        }
        catch (FuzzContractException exception)
        {
            return (default, ("contract", exception.Message));
        }
        catch (Exception exception)
        {
            // Named by the portal's own method it came through (the framework's throw helpers say little), else by its thrower.
            var methods = new StackTrace(exception).GetFrames().Select(f => f.GetMethod()).OfType<System.Reflection.MethodBase>().ToList();
            var portal = typeof(Core.Hardware.HardwareHash).Assembly;
            var method = methods.Find(m => m.DeclaringType?.Assembly == portal) ?? methods.FirstOrDefault();
            var where = method is null ? "?" : $"{method.DeclaringType?.Name}.{method.Name}";
            return (default, ($"{exception.GetType().Name} in {where}", $"{exception.GetType().FullName}: {exception.Message.ReplaceLineEndings(" ")}"));
        }
        finally
        {
            current.End();
        }
    }

    private static string Shrink<T>(FuzzTarget<T> target, string seed, FuzzSettings settings, CurrentInput current)
    {
        try
        {
            target.Inputs.Sample(
                input =>
                {
                    if (Execute(target, input, seed, current).Failure is { } failure)
                    {
                        throw new FuzzContractException($"{failure.Signature}: {failure.Detail}");
                    }
                },
                seed: seed,
                iter: settings.ShrinkIterations,
                threads: 1,
                print: target.Print);
            return "(did not fail again when replayed from its seed)";
        }
        catch (CsCheckException exception)
        {
            return exception.Message.ReplaceLineEndings(" | ");
        }
    }

    /// <summary>The input the worker is running and since when, for the watchdog.</summary>
    private sealed class CurrentInput
    {
        private readonly Lock _gate = new();
        private string _seed = string.Empty;
        private object? _input;
        private long _started;

        public void Begin(string seed, object? input)
        {
            lock (_gate)
            {
                _seed = seed;
                _input = input;
                _started = Stopwatch.GetTimestamp();
            }
        }

        public void End()
        {
            lock (_gate)
            {
                _started = 0;
            }
        }

        public bool RunningLongerThan(TimeSpan limit, out string seed, out object? input)
        {
            lock (_gate)
            {
                seed = _seed;
                input = _input;
                return _started != 0 && Stopwatch.GetElapsedTime(_started) > limit;
            }
        }
    }
}
