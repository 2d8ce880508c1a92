using System.CommandLine;
using BareMetal.Cli.Output;
using BareMetal.Client.Models;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Cli.Commands;

/// <summary>bm node list|show|create|delete|set.</summary>
internal static class NodeCommands
{
    public static Command Create()
    {
        var node = new Command("node", "Enroll, list, show, edit and delete nodes.");
        node.Subcommands.Add(List());
        node.Subcommands.Add(Show());
        node.Subcommands.Add(Enroll());
        node.Subcommands.Add(Delete());
        node.Subcommands.Add(Set());
        return node;
    }

    public static Argument<string> IdentArgument() => new("node") { Description = "The node's name or id." };

    public static ProvisionState? ParseProvisionState(string? text) =>
        text is null ? null
        : ProvisionStateNames.TryParse(text, out var state) ? state
        : throw new UsageException($"'{text}' is not a provision state; use an Ironic name such as available, active, manageable, enroll.");

    private static Command List()
    {
        var state = new Option<string?>("--provision-state") { Description = "Only nodes in this provision state (available, active, ...)." };
        var resourceClass = new Option<string?>("--resource-class") { Description = "Only nodes of this resource class." };
        var maintenance = new Option<bool?>("--maintenance") { Description = "Only nodes in (true) or out of (false) maintenance." };
        var search = new Option<string?>("--search") { Description = "Only nodes whose name contains this text." };
        var limit = new Option<int>("--limit") { Description = "Page size (1-1000).", DefaultValueFactory = _ => 100 };
        var cursor = new Option<string?>("--cursor") { Description = "Continue after a previous page (its nextCursor)." };
        var all = new Option<bool>("--all") { Description = "Follow the pages to the last one." };
        var command = new Command("list", "List nodes.") { state, resourceClass, maintenance, search, limit, cursor, all };
        CommandHandler.Set(command, async (context, cancellationToken) =>
        {
            var parse = context.Parse;
            var query = new NodeListQuery
            {
                ProvisionState = ParseProvisionState(parse.GetValue(state)),
                ResourceClass = parse.GetValue(resourceClass),
                Maintenance = parse.GetValue(maintenance),
                Search = parse.GetValue(search),
                Limit = parse.GetValue(limit),
                Cursor = parse.GetValue(cursor),
            };
            var page = parse.GetValue(all)
                ? new ItemPage<Node>(await context.Client.Nodes.ListAllAsync(query, cancellationToken).ToListAsync(cancellationToken), null)
                : await context.Client.Nodes.ListAsync(query, cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.Json(page);
            }
            else
            {
                context.Output.Console.Write(HumanViews.Nodes(page.Items));
                context.Output.Line(page.NextCursor is null ? $"[grey]{page.Items.Count} node(s)[/]" : $"[grey]{page.Items.Count} node(s); more with --cursor {page.NextCursor} or --all[/]");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var ident = IdentArgument();
        var command = new Command("show", "Show one node.") { ident };
        CommandHandler.Set(command, async (context, cancellationToken) =>
        {
            Print(context.Output, await context.Client.Nodes.GetAsync(context.Parse.GetValue(ident)!, cancellationToken));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Enroll()
    {
        var driver = new Option<string>("--driver") { Description = "The hardware driver (fake-hardware, ...).", Required = true };
        var name = new Option<string?>("--name") { Description = "A unique name (not a UUID)." };
        var resourceClass = new Option<string?>("--resource-class") { Description = "The resource class." };
        var driverInfo = new Option<string[]>("--driver-info") { Description = "key=value for the driver (repeatable)." };
        var property = new Option<string[]>("--property") { Description = "key=value hardware property (repeatable)." };
        var extra = new Option<string[]>("--extra") { Description = "key=value operator metadata (repeatable)." };
        var trait = new Option<string[]>("--trait") { Description = "A trait (repeatable)." };
        var owner = new Option<string?>("--owner") { Description = "The owner." };
        var description = new Option<string?>("--description") { Description = "Free text." };
        var command = new Command("create", "Enroll a node.") { driver, name, resourceClass, driverInfo, property, extra, trait, owner, description };
        CommandHandler.Set(command, async (context, cancellationToken) =>
        {
            var parse = context.Parse;
            var traits = parse.GetValue(trait);
            var node = await context.Client.Nodes.CreateAsync(
                new NewNode
                {
                    Driver = parse.GetValue(driver)!,
                    Name = parse.GetValue(name),
                    ResourceClass = parse.GetValue(resourceClass),
                    DriverInfo = KeyValues.Parse(parse.GetValue(driverInfo), "--driver-info"),
                    Properties = KeyValues.Parse(parse.GetValue(property), "--property"),
                    Extra = KeyValues.Parse(parse.GetValue(extra), "--extra"),
                    Traits = traits is { Length: > 0 } ? traits : null,
                    Owner = parse.GetValue(owner),
                    Description = parse.GetValue(description),
                },
                cancellationToken: cancellationToken);
            Print(context.Output, node);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete()
    {
        var ident = IdentArgument();
        var command = new Command("delete", "Delete a node (refused while it is deployed or busy).") { ident };
        CommandHandler.Set(command, async (context, cancellationToken) =>
        {
            var target = context.Parse.GetValue(ident)!;
            var node = await context.Client.Nodes.GetAsync(target, cancellationToken);
            await context.Client.Nodes.DeleteAsync(node.Id, cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.Json(new { id = node.Id, name = node.Name, deleted = true });
            }
            else
            {
                context.Output.Line($"Deleted node [bold]{Spectre.Console.Markup.Escape(node.Name)}[/] ({node.Id}).");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Set()
    {
        var ident = IdentArgument();
        var name = new Option<string?>("--name") { Description = "A new unique name." };
        var resourceClass = new Option<string?>("--resource-class") { Description = "A new resource class." };
        var owner = new Option<string?>("--owner") { Description = "A new owner." };
        var description = new Option<string?>("--description") { Description = "A new description." };
        var driverInfo = new Option<string[]>("--driver-info") { Description = "key=value to set in driver_info (repeatable)." };
        var property = new Option<string[]>("--property") { Description = "key=value property to set (repeatable)." };
        var extra = new Option<string[]>("--extra") { Description = "key=value extra to set (repeatable)." };
        var unsetProperty = new Option<string[]>("--unset-property") { Description = "A property key to remove (repeatable)." };
        var unsetExtra = new Option<string[]>("--unset-extra") { Description = "An extra key to remove (repeatable)." };
        var command = new Command("set", "Change a node's fields.") { ident, name, resourceClass, owner, description, driverInfo, property, extra, unsetProperty, unsetExtra };
        CommandHandler.Set(command, async (context, cancellationToken) =>
        {
            var parse = context.Parse;
            var changes = new NodeChanges
            {
                Name = parse.GetValue(name),
                ResourceClass = parse.GetValue(resourceClass),
                Owner = parse.GetValue(owner),
                Description = parse.GetValue(description),
                DriverInfo = Merge(KeyValues.Parse(parse.GetValue(driverInfo), "--driver-info"), null),
                Properties = Merge(KeyValues.Parse(parse.GetValue(property), "--property"), parse.GetValue(unsetProperty)),
                Extra = Merge(KeyValues.Parse(parse.GetValue(extra), "--extra"), parse.GetValue(unsetExtra)),
            };
            if (changes.ToMergePatch().Count == 0)
            {
                throw new UsageException("Nothing to change: give at least one of --name, --resource-class, --owner, --description, --driver-info, --property, --extra, --unset-property, --unset-extra.");
            }

            Print(context.Output, await context.Client.Nodes.UpdateAsync(parse.GetValue(ident)!, changes, cancellationToken));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Dictionary<string, string?>? Merge(Dictionary<string, string>? set, string[]? unset)
    {
        if (set is null && (unset is null || unset.Length == 0))
        {
            return null;
        }

        var merged = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in set ?? [])
        {
            merged[key] = value;
        }

        foreach (var key in unset ?? [])
        {
            merged[key] = null;
        }

        return merged;
    }

    private static void Print(CliOutput output, Node node)
    {
        if (output.IsJson)
        {
            output.Json(node);
        }
        else
        {
            output.Console.Write(HumanViews.Node(node));
        }
    }
}
