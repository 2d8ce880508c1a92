using System.Globalization;

namespace BareMetal.Chaos;

/// <summary>
/// What one chaos run does and what it tolerates. The command line sets them as <c>name=value</c> pairs
/// (<c>nodes=200 clients=48 duration=300 kills=2 stops=2</c>, durations in seconds).
/// </summary>
public sealed record ChaosOptions
{
    /// <summary>Nodes enrolled on the simulated hardware before the load starts.</summary>
    public int Nodes { get; init; } = 200;

    /// <summary>
    /// Nodes whose webhooks are audited (the first ones enrolled, each with a subscription to every event type); 0
    /// audits none.
    /// </summary>
    public int WebhookNodes { get; init; } = 10;

    /// <summary>Concurrent HTTP clients, each acting on random nodes.</summary>
    public int Clients { get; init; } = 32;

    /// <summary>How long the clients send new requests; faults happen inside this window.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>SIGKILLs of a silo, each followed by its restart.</summary>
    public int Kills { get; init; } = 2;

    /// <summary>SIGSTOPs of a silo, each followed by SIGCONT after <see cref="StopLength"/>.</summary>
    public int Stops { get; init; } = 2;

    /// <summary>How long a stopped silo stays frozen.</summary>
    public TimeSpan StopLength { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long after the last fault every accepted operation must be terminal, besides the longest step.</summary>
    public TimeSpan TerminalBound { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest a SIGKILL may be followed by 503 answers.</summary>
    public TimeSpan KillRecoveryBound { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a SIGSTOP may hurt the gateway (failed or slow answers).</summary>
    public TimeSpan StopRecoveryBound { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a client may keep getting 409 (key in progress) for one idempotency key.</summary>
    public TimeSpan InProgressBound { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>An answer slower than this counts as the gateway being hurt (while a silo is frozen).</summary>
    public TimeSpan SlowAnswer { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a client waits for one answer before it gives up on it and retries with the same key.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a client keeps retrying one request (same key) before it gives up.</summary>
    public TimeSpan RetryWindow { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>The random seed of the clients' choices.</summary>
    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>Where silo and gateway logs are written at the end (a new temporary folder when unset).</summary>
    public string? LogDirectory { get; init; }

    /// <summary>Reads <c>name=value</c> arguments over the defaults; throws <see cref="ArgumentException"/> naming a bad one.</summary>
    public static ChaosOptions Parse(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var options = new ChaosOptions();
        foreach (var argument in arguments)
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"'{argument}' is not name=value.");
            }

            var name = argument[..equals].Trim().ToUpperInvariant();
            var value = argument[(equals + 1)..].Trim();
            options = name switch
            {
                "NODES" => options with { Nodes = Count(argument, value, 1) },
                "WEBHOOK-NODES" => options with { WebhookNodes = Count(argument, value, 0) },
                "CLIENTS" => options with { Clients = Count(argument, value, 1) },
                "DURATION" => options with { Duration = Seconds(argument, value) },
                "KILLS" => options with { Kills = Count(argument, value, 0) },
                "STOPS" => options with { Stops = Count(argument, value, 0) },
                "STOP-LENGTH" => options with { StopLength = Seconds(argument, value) },
                "TERMINAL-BOUND" => options with { TerminalBound = Seconds(argument, value) },
                "KILL-BOUND" => options with { KillRecoveryBound = Seconds(argument, value) },
                "STOP-BOUND" => options with { StopRecoveryBound = Seconds(argument, value) },
                "IN-PROGRESS-BOUND" => options with { InProgressBound = Seconds(argument, value) },
                "SEED" => options with { Seed = Count(argument, value, int.MinValue) },
                "LOGS" => options with { LogDirectory = value },
                _ => throw new ArgumentException($"Unknown setting in '{argument}'. Known: nodes, webhook-nodes, clients, duration, kills, stops, stop-length, terminal-bound, kill-bound, stop-bound, in-progress-bound, seed, logs."),
            };
        }

        return options;
    }

    private static int Count(string argument, string value, int minimum) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count) && count >= minimum
            ? count
            : throw new ArgumentException($"'{argument}': expected a whole number of at least {minimum}.");

    private static TimeSpan Seconds(string argument, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"'{argument}': expected a positive number of seconds.");
}
