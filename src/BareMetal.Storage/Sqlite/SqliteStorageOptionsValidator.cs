using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace BareMetal.Storage.Sqlite;

/// <summary>Checks <see cref="SqliteStorageOptions"/>; messages name the property and never echo the connection string.</summary>
internal sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    public static void ThrowIfInvalid(string name, SqliteStorageOptions options)
    {
        var result = new SqliteStorageOptionsValidator().Validate(name, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(name, typeof(SqliteStorageOptions), result.Failures);
        }
    }

    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.ConnectionString)} must be set.");
        }
        else
        {
            try
            {
                _ = new SqliteConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException)
            {
                failures.Add($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.ConnectionString)} is not a valid SQLite connection string.");
            }
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.BusyTimeout)} must be positive and at most {int.MaxValue} ms.");
        }

        if (options.MaxGroupSize is < 1 or > SqliteStorageOptions.MaxGroupSizeLimit)
        {
            failures.Add($"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.MaxGroupSize)} must be between 1 and {SqliteStorageOptions.MaxGroupSizeLimit}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
