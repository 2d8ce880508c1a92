using System.CommandLine;
using BareMetal.Cli.Commands;

namespace BareMetal.Cli;

/// <summary>The bm command tree and how a command line is run (parse errors are usage errors, exit code 2).</summary>
internal static class BmCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("bm: operate a BareMetal fleet (nodes, actions, operations) through its HTTP API.");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(NodeCommands.Create());
        foreach (var action in ActionCommands.Create())
        {
            root.Subcommands.Add(action);
        }

        root.Subcommands.Add(OperationCommands.Create());
        root.Subcommands.Add(FleetCommands.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"bm: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'bm --help' (or 'bm <command> --help') for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync();
    }
}
