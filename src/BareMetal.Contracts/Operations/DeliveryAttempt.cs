namespace BareMetal.Contracts.Operations;

/// <summary>One attempt to tell a subscriber (a webhook) that an operation reached its terminal status.</summary>
/// <param name="Subscriber">The subscriber's name or URL.</param>
/// <param name="AttemptNumber">1 for the first attempt to this subscriber, then 2, 3, ...</param>
/// <param name="AttemptedAt">When the attempt was made.</param>
/// <param name="Delivered">Whether the subscriber acknowledged it.</param>
/// <param name="StatusCode">The HTTP status code received, if any.</param>
/// <param name="Detail">What happened (error text, timeout, ...).</param>
[GenerateSerializer, Alias("baremetal.DeliveryAttempt")]
public sealed record DeliveryAttempt(
    [property: Id(0)] string Subscriber,
    [property: Id(1)] int AttemptNumber,
    [property: Id(2)] DateTimeOffset AttemptedAt,
    [property: Id(3)] bool Delivered,
    [property: Id(4)] int? StatusCode = null,
    [property: Id(5)] string? Detail = null);
