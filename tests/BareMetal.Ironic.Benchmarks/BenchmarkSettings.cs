using System.Globalization;

namespace BareMetal.Ironic.Benchmarks;

/// <summary>The command line: key=value pairs, all optional.</summary>
internal sealed record BenchmarkSettings(int Nodes, int Clients, int PowerRequests, Uri? Url, string Storage, int WarmUpNodes)
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/BareMetal.Ironic.Benchmarks -- [nodes=200] [clients=16] [power=16] [warmup=200] [storage=sqlite|memory] [url=http://host:port]";

    public static BenchmarkSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var arg in args)
        {
            var parts = arg.Split('=', 2);
            if (parts.Length != 2 || parts[0] is not ("nodes" or "clients" or "power" or "warmup" or "storage" or "url"))
            {
                throw new ArgumentException($"Unknown argument '{arg}'. {Usage}");
            }

            values[parts[0]] = parts[1];
        }

        var storage = values.GetValueOrDefault("storage", "sqlite");
        if (storage is not ("sqlite" or "memory"))
        {
            throw new ArgumentException($"storage must be sqlite or memory (was '{storage}'). {Usage}");
        }

        Uri? url = null;
        if (values.TryGetValue("url", out var text) && !Uri.TryCreate(text, UriKind.Absolute, out url))
        {
            throw new ArgumentException($"url must be an absolute URL (was '{text}'). {Usage}");
        }

        var nodes = Positive(values, "nodes", 200);
        return new BenchmarkSettings(nodes, Positive(values, "clients", 16), Positive(values, "power", 16), url, storage, NotNegative(values, "warmup", nodes));
    }

    private static int NotNegative(Dictionary<string, string> values, string key, int fallback)
    {
        if (!values.TryGetValue(key, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{key} must be zero or a positive integer (was '{text}'). {Usage}");
    }

    private static int Positive(Dictionary<string, string> values, string key, int fallback)
    {
        if (!values.TryGetValue(key, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{key} must be a positive integer (was '{text}'). {Usage}");
    }
}
