namespace BareMetal.Storage.Relational;

/// <summary>
/// One caller's request in a commit group. The group's run records an outcome for it; the caller
/// sees that outcome only once the whole group has committed (<see cref="Publish"/>), or the
/// group's error when it did not (<see cref="Abort"/>).
/// </summary>
internal sealed class GroupedRequest<TRequest, TResult>
{
    // The caller's continuation must not run on the flushing loop: it would delay the next group.
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;
    private bool _recorded;

    public GroupedRequest(TRequest request, CancellationToken cancellationToken)
    {
        Request = request;
        CancellationToken = cancellationToken;
    }

    public TRequest Request { get; }

    /// <summary>The caller's token; honoured until the request joins a group, not while its group runs.</summary>
    public CancellationToken CancellationToken { get; }

    public Task<TResult> Completion => _completion.Task;

    /// <summary>Records this request's own outcome; visible to the caller only after the group commits.</summary>
    public void Record(TResult result)
    {
        _result = result;
        _recorded = true;
    }

    /// <summary>Forgets a recorded outcome (the group rolled back and the request runs again).</summary>
    public void Reset()
    {
        _result = default;
        _recorded = false;
    }

    /// <summary>Hands the recorded outcome to the caller; the group has committed.</summary>
    public void Publish()
    {
        if (_recorded)
        {
            _completion.TrySetResult(_result!);
        }
        else
        {
            _completion.TrySetException(new InvalidOperationException("The storage group committed without recording an outcome for this request."));
        }
    }

    /// <summary>Fails the caller with the group's error; nothing of the group was acknowledged.</summary>
    public void Abort(Exception error) => _completion.TrySetException(error);

    /// <summary>Cancels a request whose caller gave up before it joined a group; it never ran.</summary>
    public void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
