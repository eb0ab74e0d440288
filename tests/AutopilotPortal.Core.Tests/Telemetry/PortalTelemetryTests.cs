using System.Diagnostics;
using System.Diagnostics.Metrics;
using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Core.Telemetry;
using AutopilotPortal.Core.Tests.Support;

namespace AutopilotPortal.Core.Tests.Telemetry;

/// <summary>Tests that listen to the portal's static activity source and meter, so nothing else may run beside them.</summary>
[CollectionDefinition(nameof(TelemetryListeningCollection), DisableParallelization = true)]
public sealed class TelemetryListeningCollection;

[Collection(nameof(TelemetryListeningCollection))]
public sealed class PortalTelemetryTests
{
    private static readonly PortalCaller Admin = PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin);

    [Fact]
    public async Task EachDecommissionStepHasASpanAndIsCountedWithItsOutcome()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var id = (await TestDevices.RegisterAsync(database, 1, null, firstSeed: 910))[0];
        await TestEnrollment.EnrollAsync(database, id);
        var decommission = (await database.Get<DecommissionService>().StartAsync(Admin, [id], DecommissionKind.Full))[0];
        using var recorder = new TelemetryRecorder();

        await database.Get<DecommissionRunner>().RunPendingAsync();

        var spans = recorder.Spans(PortalTelemetry.Spans.DecommissionStep)
            .Where(s => Equals(s.GetTagItem(PortalTelemetry.Tags.DecommissionId), decommission)).ToList();
        Assert.Equal(
            [(1, "IntuneManagedDevice"), (2, "AutopilotRegistration"), (3, "EntraObject")],
            spans.Select(s => ((int)s.GetTagItem(PortalTelemetry.Tags.DecommissionStepOrder)!, (string)s.GetTagItem(PortalTelemetry.Tags.Step)!)));
        Assert.All(spans, s => Assert.Equal("completed", s.GetTagItem(PortalTelemetry.Tags.Outcome)));
        Assert.All(spans, s => Assert.Equal(ActivityStatusCode.Unset, s.Status));
        var steps = recorder.Measurements(PortalTelemetry.Instruments.DecommissionSteps);
        Assert.Equal(
            ["AutopilotRegistration/completed", "EntraObject/completed", "IntuneManagedDevice/completed"],
            steps.Select(m => $"{m.Tag(PortalTelemetry.Tags.Step)}/{m.Tag(PortalTelemetry.Tags.Outcome)}").Order());
        Assert.All(steps, m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public async Task ASimulatedDeploymentHasASpanAndIsCountedByItsResult()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var id = (await TestDevices.RegisterAsync(database, 1, null, firstSeed: 920))[0];
        using var recorder = new TelemetryRecorder();

        var run = await database.Get<DeploymentSimulator>().SimulateAsync(Admin, id);

        var span = Assert.Single(recorder.Spans(PortalTelemetry.Spans.DeploymentSimulation));
        Assert.Equal(id, span.GetTagItem(PortalTelemetry.Tags.DeviceId));
        Assert.Equal(run.Result.ToString(), span.GetTagItem(PortalTelemetry.Tags.Result));
        var counted = Assert.Single(recorder.Measurements(PortalTelemetry.Instruments.DeploymentSimulations));
        Assert.Equal((1L, run.Result.ToString()), (counted.Value, counted.Tag(PortalTelemetry.Tags.Result)));
    }

    /// <summary>Every span the portal's source ends and every measurement of its meter while it lives.</summary>
    private sealed class TelemetryRecorder : IDisposable
    {
        private readonly ActivityListener _activities;
        private readonly MeterListener _meters = new();
        private readonly List<Activity> _spans = [];
        private readonly List<(string Instrument, Measurement Measurement)> _measurements = [];

        public TelemetryRecorder()
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == PortalTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    lock (_spans)
                    {
                        _spans.Add(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_activities);
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PortalTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                var measurement = new Measurement(value, tags.ToArray());
                lock (_measurements)
                {
                    _measurements.Add((instrument.Name, measurement));
                }
            });
            _meters.Start();
        }

        public List<Activity> Spans(string name)
        {
            lock (_spans)
            {
                return _spans.Where(s => s.OperationName == name).ToList();
            }
        }

        public List<Measurement> Measurements(string instrument)
        {
            lock (_measurements)
            {
                return _measurements.Where(m => m.Instrument == instrument).Select(m => m.Measurement).ToList();
            }
        }

        public void Dispose()
        {
            _activities.Dispose();
            _meters.Dispose();
        }
    }

    private sealed record Measurement(long Value, KeyValuePair<string, object?>[] Tags)
    {
        public string? Tag(string name) => Tags.FirstOrDefault(t => t.Key == name).Value?.ToString();
    }
}
