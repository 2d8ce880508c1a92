using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BareMetal.Host;

/// <summary>
/// Creates the demo fleet once: simulated nodes named demo-001.. with a few resource classes, moved to available.
/// Each node's id is derived from its name, and a marker file in the data directory records that the fleet was
/// made, so a restart neither duplicates nodes nor brings back ones the operator deleted.
/// </summary>
internal sealed partial class DemoFleet(IGrainFactory grains, int count, string markerPath, ILogger<DemoFleet> logger) : BackgroundService
{
    private static readonly string[] s_resourceClasses = ["baremetal.small", "baremetal.medium", "baremetal.large", "baremetal.gpu"];

    /// <summary>The node id of a demo node: a UUID derived from its name, the same on every start.</summary>
    public static string IdOf(string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("baremetal-demo-fleet/" + name))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (count <= 0 || File.Exists(markerPath))
        {
            return;
        }

        // Hosted services start in order and this one is registered after the silo's, so grains can be called.
        var created = 0;
        for (var i = 1; i <= count && !stoppingToken.IsCancellationRequested; i++)
        {
            var name = "demo-" + i.ToString("000", CultureInfo.InvariantCulture);
            try
            {
                await CreateAsync(name, i);
                created++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogNodeFailed(logger, exception, name);
            }
        }

        await File.WriteAllTextAsync(markerPath, $"{created} demo nodes created at {DateTimeOffset.UtcNow:O}\n", stoppingToken);
        LogCreated(logger, created);
    }

    private async Task CreateAsync(string name, int number)
    {
        var grain = grains.GetResolvedGrain<INodeGrain>(IdOf(name));
        var resourceClass = s_resourceClasses[(number - 1) % s_resourceClasses.Length];
        await grain.Enroll(new NodeEnrollment(name, "fake-hardware", new Dictionary<string, string> { ["bmc_address"] = $"sim://{name}" })
        {
            ResourceClass = resourceClass,
            Properties = new Dictionary<string, string>
            {
                ["cpus"] = resourceClass == "baremetal.small" ? "8" : "32",
                ["memory_mb"] = resourceClass == "baremetal.small" ? "16384" : "131072",
                ["local_gb"] = "480",
                ["cpu_arch"] = "x86_64",
            },
            Traits = resourceClass == "baremetal.gpu" ? ["CUSTOM_GPU"] : [],
            Description = "Simulated demo node",
        });

        // Manage then provide: queued behind one another on the node, they leave it available.
        try
        {
            await grain.Submit(new NodeActionRequest(OperationAction.Manage, RequestedBy: "demo-fleet"));
            await grain.Submit(new NodeActionRequest(OperationAction.Provide, RequestedBy: "demo-fleet"));
        }
        catch (NotSupportedException)
        {
            // A domain without actions yet: the node stays enrolled.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo fleet: {Count} simulated nodes created (demo-001...)")]
    private static partial void LogCreated(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo fleet: creating {Name} failed")]
    private static partial void LogNodeFailed(ILogger logger, Exception exception, string name);
}
