using System.Collections.Concurrent;
using System.Threading.Channels;

namespace BareMetal.Samples.WebhookReceiver;

/// <summary>
/// The deliveries received, at most once each: BareMetal retries a delivery until it gets a 2xx, so a receiver must
/// drop duplicates by delivery id. A real service would act here (open a ticket, update an inventory).
/// </summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentDictionary<string, WebhookDelivery> _seen = new(StringComparer.Ordinal);
    private readonly Channel<WebhookDelivery> _received = Channel.CreateUnbounded<WebhookDelivery>();

    /// <summary>Every delivery accepted so far, in arrival order.</summary>
    public ChannelReader<WebhookDelivery> Received => _received.Reader;

    /// <summary>Records <paramref name="delivery"/>; false when it was seen before.</summary>
    public bool Add(WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!_seen.TryAdd(delivery.Id, delivery))
        {
            return false;
        }

        _received.Writer.TryWrite(delivery);
        return true;
    }
}
