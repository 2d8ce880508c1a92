using System.Text.Json;
using BareMetal.Client.Json;
using Spectre.Console;

namespace BareMetal.Cli.Output;

/// <summary>Where results go: a Spectre console for people, indented JSON for scripts; errors to stderr.</summary>
internal sealed class CliOutput(OutputMode mode, IAnsiConsole console, TextWriter error)
{
    private static readonly JsonSerializerOptions s_json = new(ClientJson.Options) { WriteIndented = true };

    public OutputMode Mode { get; } = mode;

    public bool IsJson => Mode == OutputMode.Json;

    public IAnsiConsole Console { get; } = console;

    public TextWriter Error { get; } = error;

    /// <summary>The output for <paramref name="mode"/>: colours and live bars only when stdout is a terminal (and NO_COLOR is unset).</summary>
    public static CliOutput Create(OutputMode mode)
    {
        var terminal = !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(System.Console.Out),
        });
        if (!terminal)
        {
            // Piped into grep or a file: keep rows on one line rather than wrapping at the default 80 columns.
            console.Profile.Width = 200;
        }

        return new(mode, console, System.Console.Error);
    }

    public void Json<T>(T value) => System.Console.Out.WriteLine(JsonSerializer.Serialize(value, s_json));

    /// <summary>One JSON document per line (for streams such as "ops watch").</summary>
    public void JsonLine<T>(T value) => System.Console.Out.WriteLine(JsonSerializer.Serialize(value, ClientJson.Options));

    public void Line(string markup) => Console.MarkupLine(markup);
}
