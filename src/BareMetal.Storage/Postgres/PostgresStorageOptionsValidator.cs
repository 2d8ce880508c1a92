using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BareMetal.Storage.Postgres;

/// <summary>Checks <see cref="PostgresStorageOptions"/>; messages name the property and never echo the connection string.</summary>
internal sealed partial class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    public static void ThrowIfInvalid(string name, PostgresStorageOptions options)
    {
        var result = new PostgresStorageOptionsValidator().Validate(name, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(name, typeof(PostgresStorageOptions), result.Failures);
        }
    }

    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{nameof(PostgresStorageOptions)}.{nameof(PostgresStorageOptions.ConnectionString)} must be set.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException)
            {
                failures.Add($"{nameof(PostgresStorageOptions)}.{nameof(PostgresStorageOptions.ConnectionString)} is not a valid Npgsql connection string.");
            }
        }

        // The schema name is spliced into SQL (quoted), so only plain identifiers are accepted.
        if (options.SchemaName is null || !Identifier().IsMatch(options.SchemaName))
        {
            failures.Add($"{nameof(PostgresStorageOptions)}.{nameof(PostgresStorageOptions.SchemaName)} must be a plain identifier (a letter or underscore, then letters, digits or underscores; at most 63 characters).");
        }

        if (options.MaxGroupSize is < 1 or > PostgresStorageOptions.MaxGroupSizeLimit)
        {
            failures.Add($"{nameof(PostgresStorageOptions)}.{nameof(PostgresStorageOptions.MaxGroupSize)} must be between 1 and {PostgresStorageOptions.MaxGroupSizeLimit}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
