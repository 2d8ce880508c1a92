namespace BareMetal.Api.Dashboard;

/// <summary>One open dashboard's feed: read <see cref="Messages"/> until disposed.</summary>
internal sealed class DashboardSubscription(System.Threading.Channels.ChannelReader<string> messages, Action unsubscribe) : IDisposable
{
    private int _disposed;

    /// <summary>Server-sent-event frames, ready to write.</summary>
    public System.Threading.Channels.ChannelReader<string> Messages { get; } = messages;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            unsubscribe();
        }
    }
}
