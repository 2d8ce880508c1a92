namespace BareMetal.Contracts.Operations;

/// <summary>One attempt to tell a subscriber (a webhook) that an operation reached its terminal status.</summary>
/// <param name="Subscriber">The subscriber's name or URL.</param>
/// <param name="AttemptNumber">1 for the first attempt to this subscriber, then 2, 3, ...</param>
/// <param name="AttemptedAt">When the attempt was made.</param>
/// <param name="Delivered">Whether the subscriber acknowledged it.</param>
/// <param name="StatusCode">The HTTP status code received, if any.</param>
/// <param name="Detail">What happened (error text, timeout, ...).</param>
public sealed record DeliveryAttempt(
    string Subscriber,
    int AttemptNumber,
    DateTimeOffset AttemptedAt,
    bool Delivered,
    int? StatusCode = null,
    string? Detail = null);
