namespace BareMetal.Storage.Schema;

/// <summary>A provider whose schema the silo migrates on start unless its options turn that off.</summary>
internal interface IStartupSchema : ISchemaInitializer
{
    /// <summary>Whether the silo should run <see cref="ISchemaInitializer.EnsureSchemaAsync"/> on start.</summary>
    bool EnsureSchemaOnStart { get; }
}
