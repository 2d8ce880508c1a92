namespace BareMetal.Cli.Output;

/// <summary>How bm writes its results.</summary>
internal enum OutputMode
{
    /// <summary>Tables and colours for people (colours only on a terminal).</summary>
    Human,

    /// <summary>JSON on stdout for scripts; no progress bars.</summary>
    Json,
}
