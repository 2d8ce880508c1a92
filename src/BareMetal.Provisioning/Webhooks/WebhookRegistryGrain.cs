using System.Collections.Immutable;
using BareMetal.Contracts.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Webhooks;

/// <summary>
/// See <see cref="IWebhookRegistryGrain"/>. Subscription changes are written at once; delivery history, which
/// changes with every attempt, is written at most once a second (a crash loses only the latest history lines, the
/// deliveries themselves are durable in their own grains).
/// </summary>
[GrainType("webhookregistry")]
public sealed partial class WebhookRegistryGrain(
    [PersistentState("webhooks")] IPersistentState<WebhookRegistryState> state,
    IOptions<WebhookOptions> options,
    TimeProvider timeProvider,
    ILogger<WebhookRegistryGrain> logger) : Grain, IWebhookRegistryGrain, IWebhookDispatchGrain
{
    private static readonly TimeSpan s_historyFlushInterval = TimeSpan.FromSeconds(1);
    private readonly WebhookOptions _options = options.Value;
    private bool _historyDirty;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(_ => FlushHistory(), s_historyFlushInterval, s_historyFlushInterval);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushHistory();

    /// <inheritdoc />
    public async Task<WebhookSubscriptionView> Add(WebhookSubscriptionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw Invalid("url", $"url must be an absolute http or https URL (was '{request.Url}').");
        }

        if (string.IsNullOrEmpty(request.Secret) || request.Secret.Length < WebhookOptions.MinimumSecretLength)
        {
            throw Invalid("secret", $"secret must have at least {WebhookOptions.MinimumSecretLength} characters.");
        }

        var eventTypes = request.EventTypes ?? [];
        var unknown = eventTypes.Where(t => !WebhookEventTypes.All.Contains(t, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw Invalid("eventTypes", $"eventTypes has unknown event types ({string.Join(", ", unknown)}); known: {string.Join(", ", WebhookEventTypes.All)}.");
        }

        if (request.NodeId is { } nodeId && string.IsNullOrWhiteSpace(nodeId))
        {
            throw Invalid("nodeId", "nodeId must not be blank when given.");
        }

        var subscription = new StoredSubscription
        {
            Id = "wh-" + Guid.NewGuid().ToString("N"),
            Url = url.ToString(),
            Secret = request.Secret,
            EventTypes = [.. eventTypes.Distinct(StringComparer.Ordinal)],
            NodeId = request.NodeId,
            Description = request.Description,
            CreatedAt = timeProvider.GetUtcNow(),
        };
        state.State = state.State with { Subscriptions = state.State.Subscriptions.Add(subscription) };
        await Write();
        return ToView(subscription);
    }

    /// <inheritdoc />
    public async Task<bool> Remove(string subscriptionId)
    {
        var subscription = state.State.Subscriptions.Find(s => s.Id == subscriptionId);
        if (subscription is null)
        {
            return false;
        }

        state.State = state.State with
        {
            Subscriptions = state.State.Subscriptions.Remove(subscription),
            History = state.State.History.Remove(subscriptionId),
        };
        await Write();
        return true;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookSubscriptionView>> List() =>
        Task.FromResult<IReadOnlyList<WebhookSubscriptionView>>(state.State.Subscriptions.Select(ToView).ToList());

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookDeliveryView>> Deliveries(string subscriptionId) =>
        Task.FromResult<IReadOnlyList<WebhookDeliveryView>>(state.State.History.GetValueOrDefault(subscriptionId) ?? ImmutableList<WebhookDeliveryView>.Empty);

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookEndpoint>> Matching(string eventType, string nodeId) =>
        Task.FromResult<IReadOnlyList<WebhookEndpoint>>(state.State.Subscriptions
            .Where(s => (s.EventTypes.Count == 0 || s.EventTypes.Contains(eventType, StringComparer.Ordinal))
                && (s.NodeId is null || string.Equals(s.NodeId, nodeId, StringComparison.Ordinal)))
            .Select(s => new WebhookEndpoint(s.Url, s.Secret, s.Id))
            .ToList());

    /// <inheritdoc />
    public Task RecordDelivery(string subscriptionId, WebhookDeliveryView delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (state.State.Subscriptions.Exists(s => s.Id == subscriptionId))
        {
            var history = state.State.History.GetValueOrDefault(subscriptionId) ?? [];
            var index = history.FindIndex(d => d.Id == delivery.Id);
            history = index >= 0 ? history.SetItem(index, delivery) : history.Insert(0, delivery);
            if (history.Count > _options.HistoryPerSubscription)
            {
                history = history.RemoveRange(_options.HistoryPerSubscription, history.Count - _options.HistoryPerSubscription);
            }

            state.State = state.State with { History = state.State.History.SetItem(subscriptionId, history) };
            _historyDirty = true;
        }

        return Task.CompletedTask;
    }

    // Results cross the grain boundary as copies of their runtime type: lists, not collection-expression types.
    private static WebhookSubscriptionView ToView(StoredSubscription s) => new(s.Id, s.Url, s.EventTypes, s.NodeId, s.Description, s.CreatedAt);

    // The field name is the parameter name: the gateway reports it as the invalid field.
    private static ArgumentException Invalid(string field, string message) => new(message, field);

    private async Task Write()
    {
        await state.WriteStateAsync();
        _historyDirty = false;
    }

    private async Task FlushHistory()
    {
        if (!_historyDirty)
        {
            return;
        }

        try
        {
            await Write();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogHistoryWriteFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook delivery history could not be written; retrying at the next flush")]
    private partial void LogHistoryWriteFailed(Exception exception);
}
