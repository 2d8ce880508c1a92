using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BareMetal.Client.Http;
using BareMetal.Client.Json;
using BareMetal.Client.Models;
using BareMetal.Contracts.Operations;

namespace BareMetal.Client;

/// <summary>The operations of the API (/api/operations): what actions do, as they run and after they end.</summary>
public sealed class OperationsClient
{
    private readonly ApiTransport _transport;

    internal OperationsClient(ApiTransport transport) => _transport = transport;

    /// <summary>An operation as it is now.</summary>
    /// <param name="id">The operation id (op-...).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<OperationView> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.GetAsync<OperationView>(OperationPath(id), cancellationToken);

    /// <summary>
    /// Long-poll: the operation once its version is above <paramref name="afterVersion"/>, or as it is when
    /// <paramref name="timeout"/> passes without a change (then its version equals <paramref name="afterVersion"/>).
    /// </summary>
    /// <param name="id">The operation id.</param>
    /// <param name="afterVersion">The version the caller already has.</param>
    /// <param name="timeout">How long the server waits; <see cref="BareMetalClientOptions.LongPollTimeout"/> when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<OperationView> WaitForChangeAsync(string id, long afterVersion, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var wait = timeout ?? _transport.Options.LongPollTimeout;
        var path = new QueryString(OperationPath(id))
            .Add("waitForChangeAfter", afterVersion.ToString(CultureInfo.InvariantCulture))
            .Add("timeout", ((long)Math.Ceiling(wait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms");
        return _transport.GetAsync<OperationView>(path.ToString(), cancellationToken, wait);
    }

    /// <summary>A handle on an existing operation, to wait for it or cancel it.</summary>
    /// <param name="id">The operation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<OperationHandle> GetHandleAsync(string id, CancellationToken cancellationToken = default) =>
        new(this, await GetAsync(id, cancellationToken), null);

    /// <summary>One page of operations, newest first.</summary>
    /// <param name="query">Filters and paging; all operations from the start when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ItemPage<OperationView>> ListAsync(OperationListQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new OperationListQuery();
        var path = new QueryString("api/operations")
            .Add("nodeId", query.Node)
            .Add("status", query.Status is { } status ? JsonSerializer.Serialize(status, ClientJson.Options).Trim('"') : null)
            .Add("limit", query.Limit?.ToString(CultureInfo.InvariantCulture))
            .Add("cursor", query.Cursor);
        return _transport.GetAsync<ItemPage<OperationView>>(path.ToString(), cancellationToken);
    }

    /// <summary>Asks for an operation to be cancelled: a queued one at once, a running one at its next safe point.</summary>
    /// <param name="id">The operation id.</param>
    /// <param name="reason">Why (recorded as the operation's error); the server names the caller when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BareMetalRefusedException">The operation cannot be cancelled now (already ended, or past its last safe point).</exception>
    public Task<CancelAccepted> CancelAsync(string id, string? reason = null, CancellationToken cancellationToken = default)
    {
        var path = new QueryString(OperationPath(id) + "/cancel").Add("reason", reason);
        return _transport.SendJsonAsync<CancelAccepted>(HttpMethod.Post, path.ToString(), null, null, Guid.NewGuid().ToString("N"), cancellationToken);
    }

    /// <summary>
    /// Streams every version of an operation (server-sent events), from the current one to its terminal one; the
    /// sequence ends after the terminal version.
    /// </summary>
    /// <param name="id">The operation id.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    public async IAsyncEnumerable<OperationView> WatchAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (type, data) in ServerSentEvents.ReadAsync(_transport, OperationPath(id) + "/events", cancellationToken))
        {
            if (type != "operation")
            {
                continue;
            }

            var view = data.Deserialize<OperationView>(ClientJson.Options) ?? throw new BareMetalApiException("The API sent an empty operation event.");
            yield return view;
            if (view.Status.IsTerminal())
            {
                yield break;
            }
        }
    }

    private static string OperationPath(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return "api/operations/" + Uri.EscapeDataString(id);
    }
}
