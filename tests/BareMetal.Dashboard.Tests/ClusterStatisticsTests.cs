using System.Text.Json;
using BareMetal.Api.Dashboard;
using BareMetal.Contracts.Diagnostics;
using BareMetal.Hosting;
using BareMetal.Provisioning.Diagnostics;
using Orleans.TestingHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Dashboard.Tests;

/// <summary>The dashboard's feed over a two-silo in-process cluster: what it reports, and that it stops when nobody watches.</summary>
public sealed class ClusterStatisticsTests : IAsyncLifetime
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);
    private InProcessTestCluster? _cluster;

    public async Task InitializeAsync()
    {
        _cluster = await InProcessSilos.StartAsync(2, silo => silo.Services.AddNodeProvisioning().AddFleetServices().AddSimulatedDrivers().AddClusterStatistics());
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_feed_shows_both_silos_while_watched_and_the_silos_stop_reporting_once_the_last_dashboard_closes()
    {
        var cluster = _cluster!;
        using var feed = new DashboardFeed(cluster.GrainFactory(), TimeProvider.System, NullLogger<DashboardFeed>.Instance, meterFactory: null);
        var subscription = feed.Subscribe();
        Assert.Equal(1, feed.ViewerCount);

        using var deadline = new CancellationTokenSource(s_deadline);
        var first = await subscription.Messages.ReadAsync(deadline.Token);
        Assert.StartsWith("event: history", first, StringComparison.Ordinal);

        // Snapshots arrive every second until both silos report as active with live activations.
        var expected = cluster.Silos.Select(s => s.SiloAddress.ToString()).Order(StringComparer.Ordinal).ToList();
        while (true)
        {
            var message = await subscription.Messages.ReadAsync(deadline.Token);
            Assert.StartsWith("event: snapshot", message, StringComparison.Ordinal);
            var snapshot = JsonDocument.Parse(message[(message.IndexOf("data: ", StringComparison.Ordinal) + 6)..]).RootElement;
            var silos = snapshot.GetProperty("cluster").GetProperty("silos").EnumerateArray()
                .Where(s => s.GetProperty("status").GetString() == "active" && s.GetProperty("reporting").GetBoolean() && s.GetProperty("activations").GetInt32() > 0)
                .Select(s => s.GetProperty("silo").GetString())
                .Order(StringComparer.Ordinal)
                .ToList();
            if (silos.SequenceEqual(expected))
            {
                Assert.Equal(0, snapshot.GetProperty("fleet").GetProperty("total").GetInt32());
                break;
            }
        }

        subscription.Dispose();
        var closedAt = DateTimeOffset.UtcNow;
        Assert.Equal(0, feed.ViewerCount);

        // Nobody watches: after the watch window the silos send nothing more. A deliberate quiet period, not a wait
        // for an event: what is checked is that nothing happens during it.
        await Task.Delay(ClusterStatisticsGrain.WatchWindow + TimeSpan.FromSeconds(2));
        var statistics = await cluster.GrainFactory().GetGrain<IClusterStatisticsGrain>(ClusterStatistics.GrainKey).Watch();
        foreach (var silo in statistics.Silos)
        {
            Assert.NotNull(silo.LastReportAt);
            Assert.True(
                silo.LastReportAt < closedAt + ClusterStatisticsGrain.WatchWindow + ClusterStatisticsReporter.ReportInterval + TimeSpan.FromMilliseconds(500),
                $"{silo.Silo} still reported at {silo.LastReportAt:O}, {(silo.LastReportAt - closedAt)?.TotalSeconds:0.0} s after the last dashboard closed.");
        }
    }

    [Fact]
    public async Task A_silo_that_stops_shows_as_dead_with_a_membership_event()
    {
        var cluster = _cluster!;
        var grain = cluster.GrainFactory().GetGrain<IClusterStatisticsGrain>(ClusterStatistics.GrainKey);
        var leaving = cluster.Silos[1];
        await cluster.StopSiloAsync(leaving);

        using var deadline = new CancellationTokenSource(s_deadline);
        while (true)
        {
            var statistics = await grain.Watch();
            var row = statistics.Silos.FirstOrDefault(s => s.Silo == leaving.SiloAddress.ToString());
            if (row?.Status == "dead" && statistics.Events.Any(e => e.Silo == row.Silo && e.Current == "dead"))
            {
                Assert.False(row.Reporting);
                Assert.Contains(statistics.Silos, s => s.Silo == cluster.Silos[0].SiloAddress.ToString() && s.Status == "active");
                break;
            }

            // No signal for "the survivor's view changed" reaches the test: poll inside the deadline.
            await Task.Delay(100, deadline.Token);
        }
    }
}
