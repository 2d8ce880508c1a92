using BareMetal.Client.Models;

namespace BareMetal.Client.Tests;

/// <summary>Enrolls simulated nodes with names no other test uses.</summary>
internal static class TestNodes
{
    public static Task<Node> EnrollAsync(BareMetalClient client, string? resourceClass = null) =>
        client.Nodes.CreateAsync(new NewNode
        {
            Driver = "fake-hardware",
            Name = "t-" + Guid.NewGuid().ToString("N")[..12],
            ResourceClass = resourceClass,
            DriverInfo = new Dictionary<string, string> { ["bmc_address"] = "sim://test" },
        });

    /// <summary>Enrolls a node and makes it available (manage, provide).</summary>
    public static async Task<Node> AvailableAsync(BareMetalClient client, string? resourceClass = null)
    {
        var node = await EnrollAsync(client, resourceClass);
        await (await client.Nodes.ManageAsync(node.Id)).WaitAsync();
        await (await client.Nodes.ProvideAsync(node.Id)).WaitAsync();
        return await client.Nodes.GetAsync(node.Id);
    }
}

/// <summary>An <see cref="IProgress{T}"/> that records reports synchronously (Progress&lt;T&gt; posts them later).</summary>
internal sealed class RecordingProgress<T> : IProgress<T>
{
    private readonly List<T> _reports = [];

    public IReadOnlyList<T> Reports
    {
        get
        {
            lock (_reports)
            {
                return _reports.ToList();
            }
        }
    }

    public void Report(T value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}
