using System.CommandLine;
using BareMetal.Cli.Output;
using BareMetal.Client;
using BareMetal.Client.Models;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using Spectre.Console;

namespace BareMetal.Cli.Commands;

/// <summary>
/// The actions: manage, provide, deploy, undeploy, power on|off|reboot, maintenance on|off. Each takes node names or
/// ids, or --all with filters, and with --wait follows the operations with live progress.
/// </summary>
internal static class ActionCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Action("manage", "Verify a node's credentials: enroll → manageable.", OperationAction.Manage, ProvisionState.Enroll);
        yield return Action("provide", "Make a node available: manageable → available.", OperationAction.Provide, ProvisionState.Manageable);
        yield return Action("deploy", "Deploy an image: available → active.", OperationAction.Deploy, ProvisionState.Available);
        yield return Action("undeploy", "Tear the instance down: active → available.", OperationAction.Undeploy, ProvisionState.Active);

        var power = new Command("power", "Power nodes on or off, or reboot them.");
        power.Subcommands.Add(Action("on", "Power on.", OperationAction.PowerOn, null));
        power.Subcommands.Add(Action("off", "Power off.", OperationAction.PowerOff, null));
        power.Subcommands.Add(Action("reboot", "Reboot.", OperationAction.Reboot, null));
        yield return power;

        var maintenance = new Command("maintenance", "Put nodes in or out of maintenance.");
        maintenance.Subcommands.Add(Action("on", "Put in maintenance.", OperationAction.MaintenanceOn, null));
        maintenance.Subcommands.Add(Action("off", "Take out of maintenance.", OperationAction.MaintenanceOff, null));
        yield return maintenance;
    }

    private static Command Action(string name, string description, OperationAction action, ProvisionState? bulkState)
    {
        var nodes = new Argument<string[]>("nodes") { Description = "Node names or ids.", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = bulkState is { } s ? $"Every node in state {s.ToIronicName()} (narrow with --resource-class)." : "Every node (narrow with --resource-class)." };
        var resourceClass = new Option<string?>("--resource-class") { Description = "With --all: only nodes of this resource class." };
        var wait = new Option<bool>("--wait", "-w") { Description = "Wait for the operations to end, with live progress." };
        var parallel = new Option<int>("--parallel") { Description = "How many nodes are worked on at once (1-64).", DefaultValueFactory = _ => 8 };
        var command = new Command(name, description) { nodes, all, resourceClass, wait, parallel };
        Option<string?>? image = null;
        Option<string?>? reason = null;
        if (action == OperationAction.Deploy)
        {
            image = new Option<string?>("--image-source") { Description = "The image to write (the default image when omitted)." };
            command.Options.Add(image);
        }

        if (action == OperationAction.MaintenanceOn)
        {
            reason = new Option<string?>("--reason") { Description = "Why the node is in maintenance." };
            command.Options.Add(reason);
        }

        CommandHandler.Set(command, async (context, cancellationToken) =>
        {
            var parse = context.Parse;
            var idents = parse.GetValue(nodes) ?? [];
            var bulk = parse.GetValue(all);
            var width = parse.GetValue(parallel);
            if (width is < 1 or > 64)
            {
                throw new UsageException($"--parallel must be from 1 to 64 (was {width}).");
            }

            if (bulk == idents.Length > 0)
            {
                throw new UsageException(bulk ? "Give node names or --all, not both." : "Give one or more node names or ids, or --all.");
            }

            if (!bulk && parse.GetValue(resourceClass) is not null)
            {
                throw new UsageException("--resource-class selects nodes only with --all.");
            }

            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            if (image is not null && parse.GetValue(image) is { } imageSource)
            {
                parameters["image_source"] = imageSource;
            }

            if (reason is not null && parse.GetValue(reason) is { } why)
            {
                parameters["reason"] = why;
            }

            var client = context.Client;
            var targets = bulk
                ? await client.Nodes.ListAllAsync(new NodeListQuery { ProvisionState = bulkState, ResourceClass = parse.GetValue(resourceClass), Limit = 1000 }, cancellationToken)
                    .Select(n => n.Name).ToListAsync(cancellationToken)
                : idents.ToList();
            var jobs = targets.Select(target => new ActionJob(target, ct => client.Nodes.ActAsync(target, action, parameters, cancellationToken: ct))).ToList();
            var shouldWait = parse.GetValue(wait);
            var single = !bulk && jobs.Count == 1;
            var outcomes = await ActionRunner.RunAsync(jobs, shouldWait, width, context.Output, cancellationToken);
            if (single && outcomes[0].Error is { } only)
            {
                return ErrorReporter.Report(only, context.Output);
            }

            Print(context.Output, outcomes, single, shouldWait);
            return ActionRunner.ExitCode(outcomes, context.Output);
        });
        return command;
    }

    private static void Print(CliOutput output, IReadOnlyList<ActionOutcome> outcomes, bool single, bool waited)
    {
        if (output.IsJson)
        {
            if (single)
            {
                output.Json(outcomes[0].Operation);
            }
            else
            {
                output.Json(outcomes.Select(o => new
                {
                    target = o.Target,
                    operation = o.Operation,
                    error = o.Error is null ? null : new { kind = o.Error.GetType().Name, message = o.Error.Message },
                }).ToList());
            }

            return;
        }

        if (outcomes.Count == 0)
        {
            output.Line("[yellow]No node matched.[/]");
            return;
        }

        if (!waited)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Node").AddColumn("Operation").AddColumn("Status");
            foreach (var outcome in outcomes)
            {
                table.AddRow(
                    Markup.Escape(outcome.Target),
                    outcome.Operation?.Id ?? "-",
                    outcome.Operation is { } operation ? HumanViews.Status(operation.Status) : $"[red]{Markup.Escape(outcome.Error?.Message ?? string.Empty)}[/]");
            }

            output.Console.Write(table);
            output.Line("[grey]Follow with 'bm ops watch <operation>' or run again with --wait.[/]");
        }
        else
        {
            var succeeded = outcomes.Count(o => o.Error is null);
            output.Line(succeeded == outcomes.Count ? $"[green]{succeeded} succeeded.[/]" : $"[red]{outcomes.Count - succeeded} of {outcomes.Count} did not succeed.[/]");
        }
    }
}
