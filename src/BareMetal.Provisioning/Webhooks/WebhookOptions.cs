namespace BareMetal.Provisioning.Webhooks;

/// <summary>How webhook deliveries are made and retried.</summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Webhooks";

    /// <summary>The shortest secret accepted (subscriptions and the default secret).</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>
    /// The secret that signs an operation's callback when its request gave none; when unset such callbacks are not
    /// sent (the gateway should then refuse a callback without a secret). At least 16 characters.
    /// </summary>
    public string? DefaultSecret { get; set; }

    /// <summary>The wait before the second attempt. Default 1 s.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Each further wait is the previous one times this. Default 2.</summary>
    public double BackoffFactor { get; set; } = 2;

    /// <summary>The longest wait between two attempts. Default 10 min.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts before a delivery is given up. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long one POST may take before it counts as failed. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The period of the reminder each pending delivery holds as its crash safety net: a delivery whose silo died is
    /// resumed at most this long after its next attempt was due. Also how often an operation retries preparing
    /// notifications that could not be prepared when it ended. Must not be below
    /// <c>BareMetal:Reminders:MinimumReminderPeriod</c>. Default 1 min.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many deliveries each subscription's history keeps. Default 50.</summary>
    public int HistoryPerSubscription { get; set; } = 50;
}
