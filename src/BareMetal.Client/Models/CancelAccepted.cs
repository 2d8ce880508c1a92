using BareMetal.Contracts.Operations;

namespace BareMetal.Client.Models;

/// <summary>The server's answer to a cancellation.</summary>
/// <param name="Reason">What happened (cancelled at once, or the running step is stopping).</param>
/// <param name="Operation">The operation after the request.</param>
public sealed record CancelAccepted(string Reason, OperationView Operation);
