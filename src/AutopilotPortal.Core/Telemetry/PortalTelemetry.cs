using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AutopilotPortal.Core.Telemetry;

/// <summary>
/// The portal's own traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>. They are plain <c>System.Diagnostics</c>: whoever listens (the web host's OpenTelemetry, a
/// test's listener) decides what is kept; with no listener, starting a span returns null and a measurement costs
/// next to nothing.
/// </summary>
public static class PortalTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "AutopilotPortal";

    /// <summary>Spans around an import, a sync, a decommission step and a simulated deployment.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>The portal's instruments (<see cref="Instruments"/>).</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Rows of imports, by <see cref="Tags.Outcome"/>: registered, failed, alreadyRegistered.</summary>
    public static readonly Counter<long> ImportRows = Meter.CreateCounter<long>(
        Instruments.ImportRows, "{row}", "Rows of imported CSV files and API uploads, by outcome.");

    /// <summary>Rows per second of each import job.</summary>
    public static readonly Histogram<double> ImportRate = Meter.CreateHistogram<double>(
        Instruments.ImportRate, "{row}/s", "Rows per second of each import job.");

    /// <summary>How long each sync took, by <see cref="Tags.Trigger"/> and <see cref="Tags.Outcome"/>.</summary>
    public static readonly Histogram<double> SyncDuration = Meter.CreateHistogram<double>(
        Instruments.SyncDuration, "s", "How long each sync took.");

    /// <summary>Intune rows a sync changed, by <see cref="Tags.Kind"/>: added, removed, updated.</summary>
    public static readonly Counter<long> SyncChanges = Meter.CreateCounter<long>(
        Instruments.SyncChanges, "{device}", "Intune rows that syncs added, removed or updated.");

    /// <summary>Decommission steps run, by <see cref="Tags.Step"/> and <see cref="Tags.Outcome"/>.</summary>
    public static readonly Counter<long> DecommissionSteps = Meter.CreateCounter<long>(
        Instruments.DecommissionSteps, "{step}", "Decommission steps run, by step and outcome.");

    /// <summary>Simulated deployments, by <see cref="Tags.Result"/>.</summary>
    public static readonly Counter<long> DeploymentSimulations = Meter.CreateCounter<long>(
        Instruments.DeploymentSimulations, "{deployment}", "Simulated deployments, by result.");

    /// <summary>The names of the instruments.</summary>
    public static class Instruments
    {
        public const string ImportRows = "autopilot.import.rows";

        public const string ImportRate = "autopilot.import.rate";

        public const string SyncDuration = "autopilot.sync.duration";

        public const string SyncChanges = "autopilot.sync.changes";

        public const string DecommissionSteps = "autopilot.decommission.steps";

        public const string DeploymentSimulations = "autopilot.deployment.simulations";

        /// <summary>Blazor circuits open now (the web host's instrument, on the same meter).</summary>
        public const string CircuitsOpen = "autopilot.circuits.open";
    }

    /// <summary>The names of the spans.</summary>
    public static class Spans
    {
        public const string Import = "autopilot.import";

        public const string Sync = "autopilot.sync";

        public const string DecommissionStep = "autopilot.decommission.step";

        public const string DeploymentSimulation = "autopilot.deployment.simulate";
    }

    /// <summary>The names of the tags on spans and measurements.</summary>
    public static class Tags
    {
        public const string Outcome = "outcome";

        public const string Kind = "kind";

        public const string Trigger = "trigger";

        public const string Step = "step";

        public const string Result = "result";

        public const string ImportJobId = "autopilot.import.job_id";

        public const string ImportSource = "autopilot.import.source";

        public const string ImportRows = "autopilot.import.rows";

        public const string ImportRegistered = "autopilot.import.registered";

        public const string ImportFailed = "autopilot.import.failed";

        public const string ImportAlreadyRegistered = "autopilot.import.already_registered";

        public const string SyncAdded = "autopilot.sync.added";

        public const string SyncRemoved = "autopilot.sync.removed";

        public const string SyncUpdated = "autopilot.sync.updated";

        public const string DecommissionId = "autopilot.decommission.id";

        public const string DecommissionStepOrder = "autopilot.decommission.step_order";

        public const string DeviceId = "autopilot.device.id";

        public const string DeploymentMode = "autopilot.deployment.mode";

        public const string DeploymentFailure = "autopilot.deployment.failure";
    }

    /// <summary>The values of <see cref="Tags.Outcome"/> for import rows.</summary>
    public static class ImportOutcomes
    {
        public const string Registered = "registered";

        public const string Failed = "failed";

        public const string AlreadyRegistered = "alreadyRegistered";
    }

    /// <summary>Counts an import's rows by outcome and records its rate, once the job has ended.</summary>
    internal static void RecordImport(Activity? activity, string source, int registered, int failed, int alreadyRegistered, TimeSpan elapsed)
    {
        var rows = registered + failed + alreadyRegistered;
        activity?.SetTag(Tags.ImportRows, rows);
        activity?.SetTag(Tags.ImportRegistered, registered);
        activity?.SetTag(Tags.ImportFailed, failed);
        activity?.SetTag(Tags.ImportAlreadyRegistered, alreadyRegistered);
        var tagSource = new KeyValuePair<string, object?>(Tags.ImportSource, source);
        ImportRows.Add(registered, new KeyValuePair<string, object?>(Tags.Outcome, ImportOutcomes.Registered), tagSource);
        ImportRows.Add(failed, new KeyValuePair<string, object?>(Tags.Outcome, ImportOutcomes.Failed), tagSource);
        ImportRows.Add(alreadyRegistered, new KeyValuePair<string, object?>(Tags.Outcome, ImportOutcomes.AlreadyRegistered), tagSource);
        if (rows > 0 && elapsed > TimeSpan.Zero)
        {
            ImportRate.Record(rows / elapsed.TotalSeconds, tagSource);
        }
    }

    /// <summary>Marks the span as failed with a short reason (no personal data: callers pass a status, not a message).</summary>
    internal static void Fail(Activity? activity, string reason) => activity?.SetStatus(ActivityStatusCode.Error, reason);
}
