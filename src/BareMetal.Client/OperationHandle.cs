using BareMetal.Client.Models;
using BareMetal.Contracts.Operations;

namespace BareMetal.Client;

/// <summary>
/// An operation started by an action: its id, what the server answered, and <see cref="WaitAsync"/> to follow it to
/// its end. Following uses the server's long-poll (each request waits for the next change), never a busy loop.
/// </summary>
public sealed class OperationHandle
{
    private readonly OperationsClient _operations;

    internal OperationHandle(OperationsClient operations, OperationView operation, ActionAccepted? accepted)
    {
        _operations = operations;
        Current = operation;
        Accepted = accepted;
    }

    /// <summary>The operation id (op-...).</summary>
    public string Id => Current.Id;

    /// <summary>The node the operation acts on.</summary>
    public string NodeId => Current.NodeId;

    /// <summary>The action.</summary>
    public OperationAction Action => Current.Action;

    /// <summary>The server's answer to the action; null for a handle made from an operation id.</summary>
    public ActionAccepted? Accepted { get; }

    /// <summary>The operation as last seen by this handle.</summary>
    public OperationView Current { get; private set; }

    /// <summary>Reads the operation again.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<OperationView> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var view = await _operations.GetAsync(Id, cancellationToken);
        Remember(view);
        return Current;
    }

    /// <summary>
    /// Follows the operation until it ends, reporting its progress (step n of m and what the step does) each time it
    /// changes, and returns it once it succeeded.
    /// </summary>
    /// <param name="progress">Told the progress now and after every change; may be null.</param>
    /// <param name="cancellationToken">Stops waiting (the operation itself goes on; see <see cref="CancelAsync"/>).</param>
    /// <exception cref="BareMetalOperationFailedException">The operation failed, timed out or was cancelled.</exception>
    public async Task<OperationView> WaitAsync(IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var view = Current;
        OperationProgress? reported = null;
        while (true)
        {
            if (progress is not null && view.Progress != reported)
            {
                reported = view.Progress;
                progress.Report(view.Progress);
            }

            if (view.Status.IsTerminal())
            {
                break;
            }

            view = await _operations.WaitForChangeAsync(Id, view.Version, cancellationToken: cancellationToken);
            Remember(view);
            view = Current;
        }

        return view.Status == OperationStatus.Succeeded ? view : throw new BareMetalOperationFailedException(view);
    }

    /// <summary>Asks for the operation to be cancelled.</summary>
    /// <param name="reason">Why; the server names the caller when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BareMetalRefusedException">It cannot be cancelled now.</exception>
    public async Task<CancelAccepted> CancelAsync(string? reason = null, CancellationToken cancellationToken = default)
    {
        var accepted = await _operations.CancelAsync(Id, reason, cancellationToken);
        Remember(accepted.Operation);
        return accepted;
    }

    private void Remember(OperationView view)
    {
        // Answers can arrive out of order (a slow long-poll after a cancel); never go back to an older version.
        if (view.Version >= Current.Version)
        {
            Current = view;
        }
    }
}
