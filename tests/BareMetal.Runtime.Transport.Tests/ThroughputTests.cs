using System.Diagnostics;
using BareMetal.Runtime.Transport.Tests.Infrastructure;
using Xunit.Abstractions;

namespace BareMetal.Runtime.Transport.Tests;

/// <summary>A rough number, printed rather than asserted: machines differ too much.</summary>
public sealed class ThroughputTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 400_000)]
    [InlineData(4, 150_000)]
    public async Task Send_SmallFramesOverOneConnection_PrintsFramesPerSecond(int senders, int framesPerSender)
    {
        await using var pair = await ConnectedPair.CreateAsync();
        var total = senders * framesPerSender;
        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Server.Handler.OnFrameHook = (_, _, _) =>
        {
            if (++received == total)
            {
                done.TrySetResult();
            }
        };
        var body = new byte[32];

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < framesPerSender; i++)
            {
                pair.ClientSide.Send(FrameKind.Request, body);
            }
        })));
        await done.Task.Within($"{total} frames to arrive");
        clock.Stop();

        var rate = total / clock.Elapsed.TotalSeconds;
        var framesPerFlush = (double)pair.ClientSide.FramesQueued / pair.ClientSide.Flushes;
        var framesPerRead = (double)pair.ServerSide.FramesReceived / pair.ServerSide.Reads;
        var line = $"{senders} sender(s), {total:N0} frames of {body.Length} B over one loopback connection: {clock.Elapsed.TotalMilliseconds:N0} ms, {rate:N0} frames/s; {framesPerFlush:N1} frames per commit, {framesPerRead:N1} frames per receive";
        output.WriteLine(line);
        Console.WriteLine("[throughput] " + line);
    }
}
