using BareMetal.Storage.Orleans.GrainStorage;
using BareMetal.Storage.Orleans.Hosting;
using BareMetal.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace BareMetal.Storage.Orleans.Tests;

/// <summary>The group-commit grain storage migrates its table when the silo starts, unless its options say not to.</summary>
public sealed class GrainStorageSchemaOptionTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task Participate_InitializeSchema_SubscribesTheMigrationOnlyWhenOn(bool initializeSchema, int subscriptions)
    {
        var services = new ServiceCollection();
        services.AddSerializer();
        GrainStorageRegistration.Add(
            services,
            "state",
            asDefault: false,
            new GrainStateJsonSerializer([]),
            _ => new SqliteGrainStorage("state", new SqliteStorageOptions { ConnectionString = "Data Source=unused.db", InitializeSchema = initializeSchema }));
        await using var provider = services.BuildServiceProvider();
        var storage = Assert.IsType<GroupCommitGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("state"));
        var lifecycle = new RecordingLifecycle();

        storage.Participate(lifecycle);

        Assert.Equal(subscriptions, lifecycle.Subscriptions);
    }

    private sealed class RecordingLifecycle : ISiloLifecycle
    {
        public int Subscriptions { get; private set; }

        public int HighestCompletedStage => 0;

        public int LowestStoppedStage => 0;

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            Subscriptions++;
            return new Unsubscriber();
        }

        private sealed class Unsubscriber : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
