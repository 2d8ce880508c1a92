using System.Data.Common;
using BareMetal.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Schema;

/// <summary>
/// Applies the numbered migrations of one component that a database lacks. Everything, including
/// creating <c>schema_version</c>, happens in one transaction under the target's lock, so processes
/// starting together apply each script exactly once and a failed script leaves nothing behind.
/// </summary>
internal sealed partial class SchemaMigrator
{
    private readonly IMigrationTarget _target;
    private readonly string _component;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ILogger _logger;

    public SchemaMigrator(IMigrationTarget target, string component, IReadOnlyList<Migration> migrations, ILogger logger)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            // A gap or reordering would make "applied" ambiguous across versions of the code.
            if (migrations[i].Version != i + 1)
            {
                throw new ArgumentException($"Migrations of {component} must be numbered 1..n in order; found {migrations[i].Version} at position {i + 1}.", nameof(migrations));
            }
        }

        _target = target;
        _component = component;
        _migrations = migrations;
        _logger = logger;
    }

    /// <summary>The version the code brings the component to.</summary>
    public int LatestVersion => _migrations.Count;

    public async Task<int> EnsureAsync(CancellationToken cancellationToken)
    {
        var connection = await _target.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await _target.BeginLockedTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, transaction, _target.CreateVersionTableSql, cancellationToken).ConfigureAwait(false);
                var applied = await ReadAppliedVersionsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

                var count = 0;
                foreach (var migration in _migrations)
                {
                    if (applied.Contains(migration.Version))
                    {
                        continue;
                    }

                    await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                    await RecordAsync(connection, transaction, migration.Version, cancellationToken).ConfigureAwait(false);
                    LogMigrationApplied(_target.Engine, _component, migration.Version, migration.Description);
                    count++;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

                var highest = applied.Count == 0 ? 0 : applied.Max();
                if (highest > LatestVersion)
                {
                    LogSchemaNewerThanCode(_target.Engine, _component, highest, LatestVersion);
                }
                else if (count == 0)
                {
                    LogSchemaCurrent(_target.Engine, _component, LatestVersion);
                }

                return count;
            }
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HashSet<int>> ReadAppliedVersionsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT version FROM {_target.VersionTable} WHERE engine = @engine AND component = @component";
            command.AddParameter("@engine", _target.Engine);
            command.AddParameter("@component", _component);

            var versions = new HashSet<int>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    versions.Add(reader.GetInt32(0));
                }
            }

            return versions;
        }
    }

    private async Task RecordAsync(DbConnection connection, DbTransaction transaction, int version, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {_target.VersionTable} (engine, component, version, applied_at) VALUES (@engine, @component, @version, CURRENT_TIMESTAMP)";
            command.AddParameter("@engine", _target.Engine);
            command.AddParameter("@component", _component);
            command.AddParameter("@version", version);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
