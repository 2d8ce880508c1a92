namespace BareMetal.Storage.Orleans.Sqlite;

/// <summary>
/// Our SQLite statements for Orleans' ADO.NET membership table, by the query keys and parameter names that
/// provider binds (through the <c>System.Data.SQLite</c> invariant, which Orleans serves with Microsoft.Data.Sqlite).
/// </summary>
/// <remarks>
/// The contract is the PostgreSQL one (see PostgresClusteringQueries): a version row per cluster, incremented
/// by every successful insert or update of a silo's row and checked against the caller's <c>@Version</c>.
/// SQLite has no data-modifying CTEs, so the increment is done by triggers on the silo rows (migration 1): an
/// insert, or an update that sets the status or the suspicions, increments the version in the same statement,
/// hence atomically. The heartbeat sets only <c>i_am_alive_time</c> and fires neither trigger. A write statement
/// takes SQLite's write lock before it reads, so the version check and the write cannot interleave with another
/// writer's. Statements that must answer "did it change?" end with <c>SELECT changes() &gt; 0</c>, which counts the
/// previous statement's rows on this connection (not the triggers').
/// Timestamps are bound by Microsoft.Data.Sqlite as text in one fixed format, which sorts in time order.
/// </remarks>
internal static class SqliteClusteringQueries
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
            INSERT INTO orleans_membership_version (cluster_id, version, updated_at)
            VALUES (@DeploymentId, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            ON CONFLICT (cluster_id) DO NOTHING;
            SELECT changes() > 0;
            """,

        // The SELECT's WHERE is required by SQLite's grammar before ON CONFLICT, and is the version check.
        ["InsertMembershipKey"] = """
            INSERT INTO orleans_membership
                (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, suspect_times, start_time, i_am_alive_time)
            SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime
            FROM orleans_membership_version
            WHERE cluster_id = @DeploymentId AND version = @Version
            ON CONFLICT DO NOTHING;
            SELECT changes() > 0;
            """,

        ["UpdateMembershipKey"] = $$"""
            UPDATE orleans_membership
            SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
            WHERE {{SiloMatches}}
                AND (SELECT version FROM orleans_membership_version WHERE cluster_id = @DeploymentId) = @Version;
            SELECT changes() > 0;
            """,

        ["UpdateIAmAlivetimeKey"] = $$"""
            UPDATE orleans_membership SET i_am_alive_time = @IAmAliveTime
            WHERE {{SiloMatches}}
            """,

        ["MembershipReadAllKey"] = $$"""
            SELECT {{MemberColumns}}
            FROM orleans_membership_version v
            LEFT JOIN orleans_membership m ON m.cluster_id = v.cluster_id
            WHERE v.cluster_id = @DeploymentId
            """,

        ["MembershipReadRowKey"] = $$"""
            SELECT {{MemberColumns}}
            FROM orleans_membership_version v
            LEFT JOIN orleans_membership m
                ON m.cluster_id = v.cluster_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
            WHERE v.cluster_id = @DeploymentId
            """,

        ["GatewaysQueryKey"] = """
            SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
            FROM orleans_membership
            WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0
            """,

        ["DeleteMembershipTableEntriesKey"] = """
            DELETE FROM orleans_membership WHERE cluster_id = @DeploymentId;
            DELETE FROM orleans_membership_version WHERE cluster_id = @DeploymentId;
            """,

        // Status 6 is Dead; see PostgresClusteringQueries for why both times must be older than the cut-off.
        ["CleanupDefunctSiloEntriesKey"] = """
            DELETE FROM orleans_membership
            WHERE cluster_id = @DeploymentId AND status = 6
                AND i_am_alive_time < @IAmAliveTime AND start_time < @IAmAliveTime
            """,

        ["CleanupDefunctSiloEntryKey"] = $$"""
            DELETE FROM orleans_membership
            WHERE {{SiloMatches}} AND status = 6
                AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
                AND suspect_times IS @SuspectTimes
            """,
    };
}
