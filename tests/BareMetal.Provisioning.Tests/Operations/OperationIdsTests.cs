using System.Collections.Concurrent;
using BareMetal.Provisioning.Operations;

namespace BareMetal.Provisioning.Tests.Operations;

public sealed class OperationIdsTests
{
    [Fact]
    public async Task New_FromManyThreads_GivesUniqueIdsOfTheDocumentedShape()
    {
        var ids = new ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            // More than one page of pooled random bytes per thread.
            for (var i = 0; i < 1_000; i++)
            {
                ids.Add(OperationIds.New());
            }
        })));

        Assert.Equal(8_000, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^op-[0-9a-f]{32}$", id));
    }
}
