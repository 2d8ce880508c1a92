using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Webhooks;

/// <summary>
/// See <see cref="IWebhookDeliveryGrain"/>. Short waits between attempts run on a grain timer; a reminder (period
/// <see cref="WebhookOptions.ReminderPeriod"/>) is held from <see cref="Prepare"/> until the delivery is finished, so
/// a delivery whose silo dies is resumed on another silo. At least once: an attempt in flight when the silo dies
/// is made again, with the same delivery id.
/// </summary>
[GrainType("webhookdelivery")]
public sealed partial class WebhookDeliveryGrain(
    [PersistentState("delivery")] IPersistentState<WebhookDeliveryState> state,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider timeProvider,
    ILogger<WebhookDeliveryGrain> logger) : Grain, IWebhookDeliveryGrain, IRemindable
{
    /// <summary>The name of the HTTP client deliveries use.</summary>
    public const string HttpClientName = "BareMetal.Webhooks";

    /// <summary>The safety-net reminder.</summary>
    public const string DeliverReminder = "deliver";

    private readonly WebhookOptions _options = options.Value;
    private IGrainTimer? _retry;
    private bool _attempting;
    private Task _recording = Task.CompletedTask;

    private string Id => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task Prepare(WebhookDeliveryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.State.Request is not null)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        // Armed before the write: a stored delivery is never without its reminder (a tick finding nothing disarms itself).
        await this.RegisterOrUpdateReminder(DeliverReminder, _options.ReminderPeriod, _options.ReminderPeriod);
        // Normally Dispatch starts the first attempt; the reminder starts it only when Dispatch is lost.
        state.State = new WebhookDeliveryState { Request = request, CreatedAt = now, NextAttemptAt = now + _options.ReminderPeriod };
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task Dispatch()
    {
        if (state.State is { Request: not null, Finished: false } && state.State.Attempts.Count == 0 && !_attempting && _retry is null)
        {
            ScheduleAttempt(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<WebhookDeliveryView?> Get() => Task.FromResult(state.State.Request is null ? null : ToView(state.State));

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeliverReminder)
        {
            return;
        }

        if (state.State.Request is null || state.State.Finished)
        {
            await Disarm();
            return;
        }

        // A timer of this activation already waits for the next attempt; the reminder is only for lost activations.
        if (_retry is null && state.State.NextAttemptAt <= timeProvider.GetUtcNow())
        {
            await Attempt();
        }
    }

    private void ScheduleAttempt(TimeSpan due)
    {
        _retry?.Dispose();
        // A fresh call chain: the attempt calls the operation grain, which may be the one that dispatched it.
        using (ExecutionContext.SuppressFlow())
        {
            _retry = this.RegisterGrainTimer(
                async _ =>
                {
                    var tick = _retry;
                    _retry = null;
                    try
                    {
                        await Attempt();
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        // The reminder makes the attempt again.
                        LogAttemptFailed(Id, exception);
                    }
                    finally
                    {
                        tick?.Dispose();
                    }
                },
                due,
                Timeout.InfiniteTimeSpan);
        }
    }

    private async Task Attempt()
    {
        var current = state.State;
        if (current.Request is not { } request || current.Finished)
        {
            return;
        }

        var number = current.Attempts.Count + 1;
        DeliveryAttempt attempt;
        _attempting = true;
        try
        {
            attempt = await Send(request, number);
        }
        finally
        {
            _attempting = false;
        }

        var attempts = current.Attempts.Add(attempt);
        var gaveUp = !attempt.Delivered && number >= _options.MaxAttempts;
        var delay = RetryDelay(number);
        state.State = current with
        {
            Attempts = attempts,
            Delivered = attempt.Delivered,
            GaveUp = gaveUp,
            NextAttemptAt = attempt.Delivered || gaveUp ? null : attempt.AttemptedAt + delay,
        };
        await state.WriteStateAsync();
        if (state.State.Finished)
        {
            LogFinished(Id, request.Endpoint.Url, attempt.Delivered, number);
            await Disarm();
        }
        else
        {
            ScheduleAttempt(delay);
        }

        RecordInBackground(request, attempt, ToView(state.State));
    }

    private async Task<DeliveryAttempt> Send(WebhookDeliveryRequest request, int number)
    {
        var subscriber = request.Endpoint.SubscriptionId ?? request.Endpoint.Url;
        var now = timeProvider.GetUtcNow();
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, request.Endpoint.Url)
            {
                Content = new StringContent(request.Payload, System.Text.Encoding.UTF8, "application/json"),
            };
            message.Headers.Add(WebhookHeaders.Event, request.EventType);
            message.Headers.Add(WebhookHeaders.Delivery, Id);
            message.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(request.Endpoint.Secret, now, request.Payload));
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, timeProvider);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            var delivered = response.IsSuccessStatusCode;
            return new DeliveryAttempt(subscriber, number, now, delivered, code, delivered ? null : $"HTTP {code} {response.ReasonPhrase}");
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            var detail = exception is OperationCanceledException ? $"no answer within {_options.RequestTimeout}" : exception.Message;
            return new DeliveryAttempt(subscriber, number, now, false, null, detail);
        }
    }

    private TimeSpan RetryDelay(int attemptsMade)
    {
        var seconds = _options.FirstRetryDelay.TotalSeconds * Math.Pow(_options.BackoffFactor, attemptsMade - 1);
        return seconds >= _options.MaxRetryDelay.TotalSeconds ? _options.MaxRetryDelay : TimeSpan.FromSeconds(seconds);
    }

    // Where clients look for attempts: the operation (for operation events) and the subscription's history.
    // Outside the turn: the operation may be waiting on this grain (it dispatches deliveries from its terminal
    // write), so waiting on the operation here could deadlock. Chained, so attempts are recorded in order. The grain
    // references are made in the turn: a grain's factory belongs to its activation, and Orleans refuses its use from
    // another thread ("activation access violation").
    private void RecordInBackground(WebhookDeliveryRequest request, DeliveryAttempt attempt, WebhookDeliveryView view)
    {
        var previous = _recording;
        var id = Id;
        var operation = request.OperationId is { } operationId ? GrainFactory.GetResolvedGrain<IOperationGrain>(operationId) : null;
        var subscriptions = request.Endpoint.SubscriptionId is not null ? GrainFactory.GetResolvedGrain<IWebhookDispatchGrain>(IWebhookRegistryGrain.Key) : null;
        using (ExecutionContext.SuppressFlow())
        {
            _recording = Task.Run(async () =>
            {
                await previous;
                await Record(id, operation, subscriptions, request, attempt, view);
            });
        }
    }

    private async Task Record(
        string id,
        IOperationGrain? operation,
        IWebhookDispatchGrain? subscriptions,
        WebhookDeliveryRequest request,
        DeliveryAttempt attempt,
        WebhookDeliveryView view)
    {
        try
        {
            if (operation is not null)
            {
                await operation.RecordDelivery(attempt);
            }

            if (subscriptions is not null && request.Endpoint.SubscriptionId is { } subscriptionId)
            {
                await subscriptions.RecordDelivery(subscriptionId, view);
            }
        }
        catch (Exception exception)
        {
            // Background work: nothing may escape, or the next attempt's record would be skipped.
            LogRecordFailed(id, exception);
        }
    }

    private async Task Disarm()
    {
        _retry?.Dispose();
        _retry = null;
        if (await this.GetReminder(DeliverReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private WebhookDeliveryView ToView(WebhookDeliveryState s) =>
        new(Id, s.Request!.Endpoint.Url, s.Request.EventType, s.Delivered, s.GaveUp, s.Attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} to {Url} finished: delivered {Delivered} after {Attempts} attempts")]
    private partial void LogFinished(string deliveryId, string url, bool delivered, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} failed to make an attempt; its reminder makes it again")]
    private partial void LogAttemptFailed(string deliveryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} could not record its attempt")]
    private partial void LogRecordFailed(string deliveryId, Exception exception);
}
