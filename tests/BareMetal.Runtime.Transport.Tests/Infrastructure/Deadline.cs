using System.Threading.Channels;

namespace BareMetal.Runtime.Transport.Tests.Infrastructure;

/// <summary>Waits on signals with a deadline; a timeout names what was awaited.</summary>
internal static class Deadline
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    public static async Task<T> Within<T>(this Task<T> task, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {(timeout ?? Default).TotalSeconds} s waiting for {what}.");
        }
    }

    public static async Task Within(this Task task, string what, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {(timeout ?? Default).TotalSeconds} s waiting for {what}.");
        }
    }

    public static Task<T> ReadWithin<T>(this ChannelReader<T> reader, string what, TimeSpan? timeout = null) =>
        reader.ReadAsync().AsTask().Within(what, timeout);
}
