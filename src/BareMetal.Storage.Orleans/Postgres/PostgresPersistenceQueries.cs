namespace BareMetal.Storage.Orleans.Postgres;

/// <summary>
/// Our PostgreSQL statements for Orleans' ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet), by the
/// query keys and parameter names that provider binds. <c>{schema}</c> stands for the quoted schema.
/// </summary>
/// <remarks>
/// A state row is keyed by service, grain type and the grain id in Orleans' split form (two 64-bit numbers and a
/// string, the string empty when absent); the hashes Orleans also binds are not needed with that key. The integer
/// version is the ETag. Write and clear always return one row: the new version when the row changed, else the
/// caller's own version (or NULL), which Orleans reads as "nothing changed" and turns into an
/// InconsistentStateException. Clearing keeps the row with a NULL payload and a newer version, so an activation
/// holding the old ETag cannot write over the clear.
/// </remarks>
internal static class PostgresPersistenceQueries
{
    private const string KeyMatches = """
        service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
            AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
        """;

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ReadFromStorageKey"] = $$"""
            SELECT payload AS "PayloadBinary", version AS "Version"
            FROM {schema}.orleans_grain_state
            WHERE {{KeyMatches}}
            """,

        ["WriteToStorageKey"] = $$"""
            WITH updated AS (
                UPDATE {schema}.orleans_grain_state
                SET payload = @PayloadBinary, version = version + 1, modified_at = now()
                WHERE {{KeyMatches}} AND version = @GrainStateVersion
                RETURNING version),
            inserted AS (
                INSERT INTO {schema}.orleans_grain_state
                    (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension, payload, version, modified_at)
                SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''), @PayloadBinary, 1, now()
                WHERE @GrainStateVersion IS NULL
                ON CONFLICT DO NOTHING
                RETURNING version)
            SELECT COALESCE((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion) AS "NewGrainStateVersion"
            """,

        ["ClearStorageKey"] = $$"""
            WITH cleared AS (
                UPDATE {schema}.orleans_grain_state
                SET payload = NULL, version = version + 1, modified_at = now()
                WHERE {{KeyMatches}} AND version = @GrainStateVersion
                RETURNING version)
            SELECT COALESCE((SELECT version FROM cleared), @GrainStateVersion) AS "NewGrainStateVersion"
            """,
    };
}
