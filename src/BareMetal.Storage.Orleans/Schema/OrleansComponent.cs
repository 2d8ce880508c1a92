namespace BareMetal.Storage.Orleans.Schema;

/// <summary>
/// The component names recorded in <c>schema_version</c> for the Orleans providers' tables; distinct from
/// today's runtime's components, so both can share one database while the switch is under way.
/// </summary>
internal static class OrleansComponent
{
    public const string Clustering = "orleans-clustering";

    public const string Reminders = "orleans-reminders";

    public const string Persistence = "orleans-persistence";
}
