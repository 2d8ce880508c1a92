namespace BareMetal.Storage.Schema;

/// <summary>The component names recorded in the <c>schema_version</c> table.</summary>
internal static class StorageComponent
{
    public const string GrainStorage = "grain-storage";

    // The three below were the components of the runtime BareMetal ran on before Microsoft Orleans. Their tables
    // and schema_version rows remain in databases that version wrote; the names stay reserved for them.
    public const string Reminders = "reminders";

    public const string Membership = "membership";

    public const string GrainDirectory = "grain-directory";
}
