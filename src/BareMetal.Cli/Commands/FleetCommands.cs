using System.CommandLine;
using BareMetal.Client.Models;
using BareMetal.Contracts.Nodes;
using Spectre.Console;

namespace BareMetal.Cli.Commands;

/// <summary>bm fleet summary.</summary>
internal static class FleetCommands
{
    public static Command Create()
    {
        var fleet = new Command("fleet", "The fleet as a whole.");
        var resourceClass = new Option<string?>("--resource-class") { Description = "Only nodes of this resource class." };
        var summary = new Command("summary", "Count the nodes by provision state, power state and maintenance.") { resourceClass };
        CommandHandler.Set(summary, async (context, cancellationToken) =>
        {
            var nodes = await context.Client.Nodes.ListAllAsync(new NodeListQuery { ResourceClass = context.Parse.GetValue(resourceClass), Limit = 1000 }, cancellationToken)
                .ToListAsync(cancellationToken);
            var result = new FleetSummary(
                nodes.Count,
                nodes.GroupBy(n => n.ProvisionState.ToIronicName()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                nodes.GroupBy(n => n.PowerState.ToIronicName() ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                nodes.Count(n => n.Maintenance),
                nodes.Count(n => n.LastError is not null),
                nodes.Count(n => n.PendingOperations.Count > 0));
            if (context.Output.IsJson)
            {
                context.Output.Json(result);
                return ExitCodes.Ok;
            }

            var chart = new BarChart().Label($"[bold]{result.Total} nodes[/] by provision state").Width(60);
            var colours = new[] { Color.Green, Color.Aqua, Color.Yellow, Color.Blue, Color.Fuchsia, Color.Red, Color.Grey };
            var index = 0;
            foreach (var (state, count) in result.ByProvisionState)
            {
                chart.AddItem(state, count, colours[index++ % colours.Length]);
            }

            context.Output.Console.Write(chart);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Power").AddColumn("Nodes");
            foreach (var (state, count) in result.ByPowerState)
            {
                table.AddRow(Markup.Escape(state), count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            context.Output.Console.Write(table);
            context.Output.Line($"In maintenance: [yellow]{result.Maintenance}[/]   with errors: [red]{result.WithErrors}[/]   busy: {result.Busy}");
            return ExitCodes.Ok;
        });
        fleet.Subcommands.Add(summary);
        return fleet;
    }

    private sealed record FleetSummary(
        int Total,
        IReadOnlyDictionary<string, int> ByProvisionState,
        IReadOnlyDictionary<string, int> ByPowerState,
        int Maintenance,
        int WithErrors,
        int Busy);
}
