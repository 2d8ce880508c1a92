using BareMetal.Client;
using BareMetal.Contracts.Operations;

namespace BareMetal.Cli.Commands;

/// <summary>One action on one node: submitted, then (with --wait) followed to its end.</summary>
internal sealed record ActionJob(string Target, Func<CancellationToken, Task<OperationHandle>> Submit);

/// <summary>How one action ended for bm: the operation as last seen, or the error that stopped it.</summary>
internal sealed record ActionOutcome(string Target, OperationView? Operation, Exception? Error);
