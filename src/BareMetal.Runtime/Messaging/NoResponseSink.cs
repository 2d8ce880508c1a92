using BareMetal.Runtime.Invocation;

namespace BareMetal.Runtime.Messaging;

/// <summary>The sink of one-way requests and timer ticks: the outcome goes nowhere (failures are logged by the activation).</summary>
internal sealed class NoResponseSink : IResponseSink
{
    public static readonly NoResponseSink Instance = new();

    public void SetBoxedResult(object? result)
    {
    }

    public void SetException(Exception exception)
    {
    }
}
