using System.Data.Common;
using BareMetal.Storage.Orleans.Schema;

namespace BareMetal.Storage.Orleans.Tests.Infrastructure;

/// <summary>One database the test silos cluster on, keep reminders in and store grain state in, with our SQL.</summary>
public abstract class StorageEngine
{
    /// <summary>Registers clustering, reminders, our group-commit storage (named and default) and Orleans' AdoNet storage.</summary>
    public abstract void ConfigureSilo(ISiloBuilder silo);

    /// <summary>Lets the test cluster's client find gateways through our gateway query.</summary>
    public abstract void ConfigureClient(IClientBuilder client);

    /// <summary>The ADO.NET invariant Orleans' providers are configured with.</summary>
    public abstract string Invariant { get; }

    /// <summary>The connection string Orleans' providers are configured with.</summary>
    public abstract string OrleansConnectionString { get; }

    /// <summary>The Orleans providers' schema on this database, as a silo migrates it.</summary>
    public abstract OrleansSchema Schema();

    /// <summary>A connection to the database, to look at rows the way an operator would.</summary>
    public abstract Task<DbConnection> OpenAsync();

    /// <summary>The qualified name of a table of ours.</summary>
    public abstract string Table(string name);

    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
