namespace BareMetal.Storage.Orleans.Postgres;

/// <summary>
/// Our PostgreSQL statements for Orleans' ADO.NET membership table (Microsoft.Orleans.Clustering.AdoNet), by the
/// query keys and parameter names that provider binds. <c>{schema}</c> stands for the quoted schema.
/// </summary>
/// <remarks>
/// The contract: one version row per cluster (Orleans' <c>DeploymentId</c> is the cluster id) whose integer is the
/// table's ETag. Every insert or update of a silo's row succeeds only if the caller's <c>@Version</c> is the stored
/// one, and then increments it, in one statement (data-modifying CTEs share one snapshot and commit together), so
/// of two silos racing with the same version exactly one wins; the loser re-reads. The heartbeat
/// (<c>UpdateIAmAlivetimeKey</c>) leaves the version alone: Orleans treats it as a best-effort liveness stamp.
/// Reads return the version row left-joined to the silo rows, so an empty cluster still yields its version;
/// column aliases are the names Orleans reads.
/// </remarks>
internal static class PostgresClusteringQueries
{
    private const string MemberColumns = """
        v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
        m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
        m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
        """;

    private const string SiloMatches = "cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation";

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["InsertMembershipVersionKey"] = """
            WITH inserted AS (
                INSERT INTO {schema}.orleans_membership_version (cluster_id, version, updated_at)
                VALUES (@DeploymentId, 0, now())
                ON CONFLICT (cluster_id) DO NOTHING
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM inserted)
            """,

        ["InsertMembershipKey"] = $$"""
            WITH bumped AS (
                UPDATE {schema}.orleans_membership_version SET version = version + 1, updated_at = now()
                WHERE cluster_id = @DeploymentId AND version = @Version
                    AND NOT EXISTS (SELECT 1 FROM {schema}.orleans_membership WHERE {{SiloMatches}})
                RETURNING cluster_id),
            inserted AS (
                INSERT INTO {schema}.orleans_membership
                    (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, suspect_times, start_time, i_am_alive_time)
                SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime
                FROM bumped
                ON CONFLICT DO NOTHING
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM inserted)
            """,

        ["UpdateMembershipKey"] = $$"""
            WITH bumped AS (
                UPDATE {schema}.orleans_membership_version SET version = version + 1, updated_at = now()
                WHERE cluster_id = @DeploymentId AND version = @Version
                    AND EXISTS (SELECT 1 FROM {schema}.orleans_membership WHERE {{SiloMatches}})
                RETURNING cluster_id),
            updated AS (
                UPDATE {schema}.orleans_membership m
                SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
                FROM bumped
                WHERE m.cluster_id = bumped.cluster_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM updated)
            """,

        ["UpdateIAmAlivetimeKey"] = $$"""
            UPDATE {schema}.orleans_membership SET i_am_alive_time = @IAmAliveTime
            WHERE {{SiloMatches}}
            """,

        ["MembershipReadAllKey"] = $$"""
            SELECT {{MemberColumns}}
            FROM {schema}.orleans_membership_version v
            LEFT JOIN {schema}.orleans_membership m ON m.cluster_id = v.cluster_id
            WHERE v.cluster_id = @DeploymentId
            """,

        ["MembershipReadRowKey"] = $$"""
            SELECT {{MemberColumns}}
            FROM {schema}.orleans_membership_version v
            LEFT JOIN {schema}.orleans_membership m
                ON m.cluster_id = v.cluster_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
            WHERE v.cluster_id = @DeploymentId
            """,

        ["GatewaysQueryKey"] = """
            SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
            FROM {schema}.orleans_membership
            WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0
            """,

        ["DeleteMembershipTableEntriesKey"] = """
            DELETE FROM {schema}.orleans_membership WHERE cluster_id = @DeploymentId;
            DELETE FROM {schema}.orleans_membership_version WHERE cluster_id = @DeploymentId;
            """,

        // Status 6 is Dead. A dead silo's row is evidence for the others until everyone has seen it; only rows
        // whose start and last heartbeat are both older than the cut-off go. The version is left alone: removing
        // a dead row changes nothing a live silo acts on.
        ["CleanupDefunctSiloEntriesKey"] = """
            DELETE FROM {schema}.orleans_membership
            WHERE cluster_id = @DeploymentId AND status = 6
                AND i_am_alive_time < @IAmAliveTime AND start_time < @IAmAliveTime
            """,

        // The per-row form newer providers use when present: Orleans decides in .NET which rows are old enough and
        // deletes each only if it still holds exactly the values it read.
        ["CleanupDefunctSiloEntryKey"] = $$"""
            DELETE FROM {schema}.orleans_membership
            WHERE {{SiloMatches}} AND status = 6
                AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
                AND suspect_times IS NOT DISTINCT FROM @SuspectTimes
            """,
    };
}
