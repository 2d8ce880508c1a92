using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Schema;

internal sealed partial class SchemaMigrator
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Engine} migration {Version} of {Component}: {Description}")]
    private partial void LogMigrationApplied(string engine, string component, int version, string description);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The {Engine} schema of {Component} is current at version {Version}")]
    private partial void LogSchemaCurrent(string engine, string component, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Engine} schema of {Component} is at version {StoredVersion}, newer than this build's {CodeVersion}; a newer silo migrated it")]
    private partial void LogSchemaNewerThanCode(string engine, string component, int storedVersion, int codeVersion);
}
