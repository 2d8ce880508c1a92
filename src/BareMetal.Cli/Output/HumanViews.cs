using BareMetal.Client.Models;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using Spectre.Console;

namespace BareMetal.Cli.Output;

/// <summary>Tables and colours for nodes and operations.</summary>
internal static class HumanViews
{
    public static Table Nodes(IEnumerable<Node> nodes)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Name").AddColumn("Provision state").AddColumn("Power").AddColumn("Maint.").AddColumn("Resource class").AddColumn("Id");
        foreach (var node in nodes)
        {
            table.AddRow(
                Markup.Escape(node.Name),
                State(node.ProvisionState, node.TargetProvisionState),
                Power(node.PowerState),
                node.Maintenance ? "[yellow]yes[/]" : "no",
                Markup.Escape(node.ResourceClass ?? "-"),
                $"[grey]{node.Id}[/]");
        }

        return table;
    }

    public static Table Node(Node node)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("Field").AddColumn("Value");
        table.AddRow("Name", Markup.Escape(node.Name));
        table.AddRow("Id", node.Id);
        table.AddRow("Driver", Markup.Escape(node.Driver));
        table.AddRow("Provision state", State(node.ProvisionState, node.TargetProvisionState));
        table.AddRow("Power", Power(node.PowerState));
        table.AddRow("Maintenance", node.Maintenance ? $"[yellow]yes[/] {Markup.Escape(node.MaintenanceReason ?? string.Empty)}" : "no");
        table.AddRow("Resource class", Markup.Escape(node.ResourceClass ?? "-"));
        table.AddRow("Owner", Markup.Escape(node.Owner ?? "-"));
        table.AddRow("Description", Markup.Escape(node.Description ?? "-"));
        table.AddRow("Traits", Markup.Escape(node.Traits.Count == 0 ? "-" : string.Join(", ", node.Traits)));
        table.AddRow("Properties", Markup.Escape(Pairs(node.Properties)));
        table.AddRow("Driver info", Markup.Escape(Pairs(node.DriverInfo)));
        table.AddRow("Extra", Markup.Escape(Pairs(node.Extra)));
        if (node.LastError is { } error)
        {
            table.AddRow("Last error", $"[red]{Markup.Escape(error)}[/]");
        }

        table.AddRow("Pending", node.PendingOperations.Count == 0 ? "-" : string.Join("\n", node.PendingOperations.Select(o => $"{o.Id} {o.Action.ToWireName()} {Status(o.Status)}")));
        table.AddRow("Updated", node.UpdatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        return table;
    }

    public static Table Operations(IEnumerable<OperationView> operations)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Operation").AddColumn("Node").AddColumn("Action").AddColumn("Status").AddColumn("Progress").AddColumn("Created");
        foreach (var operation in operations)
        {
            table.AddRow(
                operation.Id,
                $"[grey]{operation.NodeId}[/]",
                operation.Action.ToWireName(),
                Status(operation.Status),
                Markup.Escape(Progress(operation.Progress)),
                operation.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        }

        return table;
    }

    public static Table Operation(OperationView operation)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("Field").AddColumn("Value");
        table.AddRow("Operation", operation.Id);
        table.AddRow("Node", operation.NodeId);
        table.AddRow("Action", operation.Action.ToWireName());
        table.AddRow("Status", Status(operation.Status));
        table.AddRow("Progress", Markup.Escape(Progress(operation.Progress)));
        table.AddRow("Parameters", Markup.Escape(Pairs(operation.Parameters)));
        table.AddRow("Result", Markup.Escape(operation.Result ?? "-"));
        if (operation.Error is { } error)
        {
            table.AddRow("Error", $"[red]{Markup.Escape(error)}[/]");
        }

        table.AddRow("Requested by", Markup.Escape(operation.RequestedBy ?? "-"));
        table.AddRow("Created", operation.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("Ended", operation.EndedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        table.AddRow("Cancellable", operation.Cancellable ? "yes" : $"no {Markup.Escape(operation.NotCancellableReason ?? string.Empty)}");
        return table;
    }

    public static string Status(OperationStatus status) => status switch
    {
        OperationStatus.Succeeded => "[green]succeeded[/]",
        OperationStatus.Failed => "[red]failed[/]",
        OperationStatus.TimedOut => "[red]timed out[/]",
        OperationStatus.Cancelled => "[yellow]cancelled[/]",
        OperationStatus.Running => "[blue]running[/]",
        _ => "[grey]queued[/]",
    };

    public static string Progress(OperationProgress progress) =>
        progress.StepCount == 0 ? progress.Message ?? "-" : $"{progress.StepNumber}/{progress.StepCount} {progress.Message}";

    private static string State(ProvisionState state, ProvisionState? target)
    {
        var name = Markup.Escape(state.ToIronicName());
        var colored = state switch
        {
            ProvisionState.Active => $"[green]{name}[/]",
            ProvisionState.Available => $"[cyan]{name}[/]",
            ProvisionState.DeployFailed or ProvisionState.CleanFailed or ProvisionState.InspectFailed or ProvisionState.Error
                or ProvisionState.RescueFailed or ProvisionState.UnrescueFailed or ProvisionState.AdoptFailed => $"[red]{name}[/]",
            _ => name,
        };
        return target is { } heading ? $"{colored} → {Markup.Escape(heading.ToIronicName())}" : colored;
    }

    private static string Power(PowerState state) => state switch
    {
        PowerState.On => "[green]on[/]",
        PowerState.Off => "off",
        PowerState.Error => "[red]error[/]",
        _ => "[grey]unknown[/]",
    };

    private static string Pairs(IReadOnlyDictionary<string, string> values) =>
        values.Count == 0 ? "-" : string.Join(", ", values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
