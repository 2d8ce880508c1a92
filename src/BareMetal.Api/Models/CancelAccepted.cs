using BareMetal.Contracts.Operations;

namespace BareMetal.Api.Models;

/// <summary>The 202 answer to a cancellation.</summary>
/// <param name="Reason">What happened (cancelled at once, or the running step is stopping).</param>
/// <param name="Operation">The operation after the request.</param>
public sealed record CancelAccepted(string Reason, OperationView Operation);
