using System.Diagnostics.Metrics;
using AutopilotPortal.Core.Telemetry;
using AutopilotPortal.Web.Telemetry;

namespace AutopilotPortal.Web.Tests.Telemetry;

[Collection(nameof(TelemetryCollection))]
public sealed class CircuitTelemetryTests
{
    [Fact]
    public async Task OpeningAndClosingCircuitsMovesTheOpenCircuitsInstrument()
    {
        var changes = new List<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PortalTelemetry.Name && instrument.Name == PortalTelemetry.Instruments.CircuitsOpen)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            lock (changes)
            {
                changes.Add(value);
            }
        });
        listener.Start();
        var handler = new CircuitTelemetry();

        // The handler does not read the circuit; the framework's Circuit has no public constructor.
        await handler.OnCircuitOpenedAsync(null!, CancellationToken.None);
        await handler.OnCircuitOpenedAsync(null!, CancellationToken.None);
        await handler.OnCircuitClosedAsync(null!, CancellationToken.None);

        Assert.Equal([1, 1, -1], changes);
    }
}
