using BareMetal.Storage.Orleans.Tests.Infrastructure;

namespace BareMetal.Storage.Orleans.Tests;

/// <summary>Each test gets a SQLite file of its own.</summary>
public sealed class SqliteOrleansStorageTests : OrleansStorageScenarios, IDisposable
{
    private readonly List<SqliteEngine> _engines = [];

    protected override Task<StorageEngine> EngineAsync()
    {
        var engine = new SqliteEngine();
        _engines.Add(engine);
        return Task.FromResult<StorageEngine>(engine);
    }

    public void Dispose()
    {
        foreach (var engine in _engines)
        {
            engine.Dispose();
        }
    }
}
