namespace BareMetal.Storage.Orleans.Sqlite;

/// <summary>
/// Our SQLite statements for Orleans' ADO.NET grain storage; the contract is the PostgreSQL one
/// (see PostgresPersistenceQueries).
/// </summary>
/// <remarks>
/// Without data-modifying CTEs the write is one upsert: its source row exists only when the caller expects no
/// row (<c>@GrainStateVersion</c> NULL) or a row is there to be checked, so a stale non-NULL ETag can never
/// insert a fresh row; the conflict branch updates only when the stored version is the caller's. The following
/// SELECT reports the outcome from <c>changes()</c> of that statement on this connection.
/// </remarks>
internal static class SqlitePersistenceQueries
{
    private const string KeyMatches = """
        service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
            AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
        """;

    private const string Outcome = """
        SELECT CASE WHEN changes() = 0 THEN @GrainStateVersion WHEN @GrainStateVersion IS NULL THEN 1 ELSE @GrainStateVersion + 1 END
            AS "NewGrainStateVersion";
        """;

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ReadFromStorageKey"] = $$"""
            SELECT payload AS "PayloadBinary", version AS "Version"
            FROM orleans_grain_state
            WHERE {{KeyMatches}}
            """,

        ["WriteToStorageKey"] = $$"""
            INSERT INTO orleans_grain_state
                (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension, payload, version, modified_at)
            SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''), @PayloadBinary, 1,
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            WHERE @GrainStateVersion IS NULL OR EXISTS (SELECT 1 FROM orleans_grain_state WHERE {{KeyMatches}})
            ON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension) DO UPDATE
            SET payload = excluded.payload, version = version + 1, modified_at = excluded.modified_at
            WHERE version = @GrainStateVersion;
            {{Outcome}}
            """,

        ["ClearStorageKey"] = $$"""
            UPDATE orleans_grain_state
            SET payload = NULL, version = version + 1, modified_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            WHERE {{KeyMatches}} AND version = @GrainStateVersion;
            {{Outcome}}
            """,
    };
}
