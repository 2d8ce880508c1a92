namespace BareMetal.Storage.Schema;

/// <summary>The component names recorded in the <c>schema_version</c> table.</summary>
internal static class StorageComponent
{
    public const string GrainStorage = "grain-storage";

    public const string Reminders = "reminders";

    public const string Membership = "membership";

    public const string GrainDirectory = "grain-directory";
}
