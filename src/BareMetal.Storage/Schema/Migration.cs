namespace BareMetal.Storage.Schema;

/// <summary>One numbered schema script. Versions of a component start at 1 and never change once shipped.</summary>
/// <param name="Version">The version the script brings the component to.</param>
/// <param name="Description">A short text for the log.</param>
/// <param name="Sql">The script; it may hold several statements and runs inside the migration transaction.</param>
internal sealed record Migration(int Version, string Description, string Sql);
