using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AutopilotPortal.Web.Tests.Support;

/// <summary>
/// The portal with OpenTelemetry's in-memory exporters added to the host's own tracer, meter and logger providers.
/// The portal's activity source and meter are static, so every host in the process reports to every provider
/// alive: tests that use this factory belong to <see cref="TelemetryCollection"/>, which runs alone.
/// </summary>
public sealed class TelemetryPortalFactory : PortalWebApplicationFactory
{
    public Exported<Activity> Spans { get; } = new();

    public Exported<MetricSnapshot> Metrics { get; } = new();

    public Exported<LogRecord> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
            services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddInMemoryExporter(Logs));
        });
    }

    /// <summary>Collects every measurement so far and hands it to <see cref="Metrics"/>.</summary>
    public void FlushMetrics()
    {
        Assert.True(Services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "The meter provider did not flush.");
    }

    /// <summary>The newest exported state of the named metric.</summary>
    public MetricSnapshot Metric(string name)
    {
        FlushMetrics();
        return Metrics.Snapshot().LastOrDefault(m => m.Name == name) ?? throw new Xunit.Sdk.XunitException($"No metric {name} was exported.");
    }
}

/// <summary>
/// What an in-memory exporter exported, safe to read while the exporter adds to it; <see cref="WaitForAsync"/>
/// completes as soon as an item that matches is exported.
/// </summary>
public sealed class Exported<T> : ICollection<T>
{
    private readonly Lock _gate = new();
    private readonly List<T> _items = [];
    private readonly List<(Func<T, bool> Match, TaskCompletionSource<T> Found)> _waiters = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public List<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    /// <summary>The first item that matches, exported already or when it is.</summary>
    public Task<T> WaitForAsync(Func<T, bool> match)
    {
        lock (_gate)
        {
            if (_items.FirstOrDefault(match) is { } found)
            {
                return Task.FromResult(found);
            }

            var waiter = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, waiter));

            // A bound on a wait for an event, not a delay: it only fails a test whose item never comes.
            return waiter.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    public void Add(T item)
    {
        lock (_gate)
        {
            _items.Add(item);
            foreach (var waiter in _waiters.Where(w => w.Match(item)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Found.TrySetResult(item);
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item) => Snapshot().Contains(item);

    public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(T item)
    {
        lock (_gate)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Tests that read what the static activity source and meter report: no other test runs beside them.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;
