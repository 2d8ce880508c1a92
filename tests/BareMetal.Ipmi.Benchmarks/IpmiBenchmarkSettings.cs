using System.Globalization;

namespace BareMetal.Ipmi.Benchmarks;

/// <summary>The command line: key=value pairs, all optional.</summary>
internal sealed record IpmiBenchmarkSettings(int Nodes, int Bmcs, int MaxProcesses, TimeSpan SyncInterval, int ApiClients)
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/BareMetal.Ipmi.Benchmarks -- [nodes=1000] [bmcs=25] [processes=16] [interval=2] [clients=4]";

    public static IpmiBenchmarkSettings Parse(string[] args)
    {
        var values = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var arg in args)
        {
            var parts = arg.Split('=', 2);
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
            values.GetValueOrDefault("clients", 4));
        return settings.Bmcs > settings.Nodes
            ? throw new ArgumentException($"bmcs ({settings.Bmcs}) must not exceed nodes ({settings.Nodes}). {Usage}")
            : settings;
    }
}
