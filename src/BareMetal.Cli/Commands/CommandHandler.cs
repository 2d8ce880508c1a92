using System.CommandLine;
using BareMetal.Cli.Output;

namespace BareMetal.Cli.Commands;

/// <summary>Runs a command body with its context, turning known failures into messages and exit codes.</summary>
internal static class CommandHandler
{
    public static void Set(Command command, Func<CommandContext, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CliOutput.Create(parse.GetValue(GlobalOptions.Output));
            try
            {
                return await body(new CommandContext(parse, output), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                output.Error.WriteLine("bm: interrupted.");
                return 130;
            }
            catch (Exception exception)
            {
                return ErrorReporter.Report(exception, output);
            }
        });
}
