namespace BareMetal.Runtime.Invocation;

/// <summary>How a request is delivered and scheduled; taken from attributes on the interface method.</summary>
[Flags]
public enum InvokeMethodOptions
{
    /// <summary>A plain request/response call.</summary>
    None = 0,

    /// <summary>No response is sent (<c>[OneWay]</c>).</summary>
    OneWay = 1,

    /// <summary>Interleaves with every other request (<c>[AlwaysInterleave]</c>).</summary>
    AlwaysInterleave = 2,

    /// <summary>Interleaves with other read-only requests (<c>[ReadOnly]</c>).</summary>
    ReadOnly = 4,

    /// <summary>The method takes a <see cref="System.Threading.CancellationToken"/>.</summary>
    Cancellable = 8,
}
