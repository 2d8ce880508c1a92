using System.Globalization;
using BareMetal.Drivers.Ipmi;

namespace BareMetal.Ipmi.Benchmarks;

/// <summary>The command line: key=value pairs, all optional.</summary>
internal sealed record IpmiBenchmarkSettings(int Nodes, int Bmcs, int MaxProcesses, TimeSpan SyncInterval, int ApiClients, IpmiPowerStatusClient Client, bool PinSimulators)
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/BareMetal.Ipmi.Benchmarks -- [nodes=1000] [bmcs=25] [processes=16] [interval=2] [clients=4] [client=native|ipmitool] [pin=off|on]";

    public static IpmiBenchmarkSettings Parse(string[] args)
    {
        var values = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var client = IpmiPowerStatusClient.Native;
        var pin = false;
        foreach (var arg in args)
        {
            var parts = arg.Split('=', 2);
            if (parts is ["pin", var onOff])
            {
                // On: the simulated BMCs (and the hook each forks per read) get the last core, BareMetal and its API
                // clients the others, as BMCs are hardware of their own and do not take a control plane's CPU.
                pin = onOff switch
                {
                    "on" => true,
                    "off" => false,
                    _ => throw new ArgumentException($"pin must be on or off (was '{onOff}'). {Usage}"),
                };
                continue;
            }

            if (parts is ["client", var name])
            {
                // The power reads of the sync: the in-process IPMI client (the driver's default) or one ipmitool per read.
                client = Enum.TryParse<IpmiPowerStatusClient>(name, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw new ArgumentException($"client must be native or ipmitool (was '{name}'). {Usage}");
                continue;
            }

            if (parts.Length != 2 || parts[0] is not ("nodes" or "bmcs" or "processes" or "interval" or "clients"))
            {
                throw new ArgumentException($"Unknown argument '{arg}'. {Usage}");
            }

            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                throw new ArgumentException($"{parts[0]} must be a positive integer (was '{parts[1]}'). {Usage}");
            }

            values[parts[0]] = value;
        }

        var settings = new IpmiBenchmarkSettings(
            values.GetValueOrDefault("nodes", 1000),
            values.GetValueOrDefault("bmcs", 25),
            values.GetValueOrDefault("processes", 16),
            TimeSpan.FromSeconds(values.GetValueOrDefault("interval", 2)),
            values.GetValueOrDefault("clients", 4),
            client,
            pin);
        if (settings.PinSimulators && Environment.ProcessorCount < 2)
        {
            throw new ArgumentException($"pin=on needs at least 2 cores (this machine has {Environment.ProcessorCount}). {Usage}");
        }

        return settings.Bmcs > settings.Nodes
            ? throw new ArgumentException($"bmcs ({settings.Bmcs}) must not exceed nodes ({settings.Nodes}). {Usage}")
            : settings;
    }
}
