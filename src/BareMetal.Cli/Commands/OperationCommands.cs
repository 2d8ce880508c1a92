using System.CommandLine;
using BareMetal.Cli.Output;
using BareMetal.Client;
using BareMetal.Client.Models;
using BareMetal.Contracts.Operations;
using Spectre.Console;

namespace BareMetal.Cli.Commands;

/// <summary>bm ops list|show|cancel|watch.</summary>
internal static class OperationCommands
{
    public static Command Create()
    {
        var ops = new Command("ops", "List, show, cancel and watch operations.");
        ops.Subcommands.Add(List());
        ops.Subcommands.Add(Show());
        ops.Subcommands.Add(Cancel());
        ops.Subcommands.Add(Watch());
        return ops;
    }

    private static Argument<string> IdArgument() => new("operation") { Description = "The operation id (op-...)." };

    private static Command List()
    {
        var node = new Option<string?>("--node") { Description = "Only operations of this node (name or id)." };
        var status = new Option<string?>("--status") { Description = "queued, running, succeeded, failed, cancelled or timed_out." };
        var limit = new Option<int>("--limit") { Description = "Page size (1-1000).", DefaultValueFactory = _ => 50 };
        var cursor = new Option<string?>("--cursor") { Description = "Continue after a previous page (its nextCursor)." };
        var command = new Command("list", "List operations, newest first.") { node, status, limit, cursor };
        CommandHandler.Set(command, async (context, cancellationToken) =>
        {
            var parse = context.Parse;
            var page = await context.Client.Operations.ListAsync(
                new OperationListQuery { Node = parse.GetValue(node), Status = ParseStatus(parse.GetValue(status)), Limit = parse.GetValue(limit), Cursor = parse.GetValue(cursor) },
                cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.Json(page);
            }
            else
            {
                context.Output.Console.Write(HumanViews.Operations(page.Items));
                if (page.NextCursor is not null)
                {
                    context.Output.Line($"[grey]more with --cursor {page.NextCursor}[/]");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var id = IdArgument();
        var command = new Command("show", "Show one operation.") { id };
        CommandHandler.Set(command, async (context, cancellationToken) =>
        {
            var operation = await context.Client.Operations.GetAsync(context.Parse.GetValue(id)!, cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.Json(operation);
            }
            else
            {
                context.Output.Console.Write(HumanViews.Operation(operation));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Cancel()
    {
        var id = IdArgument();
        var reason = new Option<string?>("--reason") { Description = "Why (recorded as the operation's error)." };
        var command = new Command("cancel", "Cancel a queued or running operation.") { id, reason };
        CommandHandler.Set(command, async (context, cancellationToken) =>
        {
            var accepted = await context.Client.Operations.CancelAsync(context.Parse.GetValue(id)!, context.Parse.GetValue(reason), cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.Json(accepted);
            }
            else
            {
                context.Output.Line($"{accepted.Operation.Id}: {Markup.Escape(accepted.Reason)} ({HumanViews.Status(accepted.Operation.Status)})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Watch()
    {
        var id = IdArgument();
        var command = new Command("watch", "Follow an operation to its end (json: one line per change).") { id };
        CommandHandler.Set(command, async (context, cancellationToken) =>
        {
            var operationId = context.Parse.GetValue(id)!;
            OperationView? last = null;
            if (context.Output.IsJson)
            {
                await foreach (var view in context.Client.Operations.WatchAsync(operationId, cancellationToken))
                {
                    context.Output.JsonLine(view);
                    last = view;
                }
            }
            else
            {
                await context.Output.Console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                    .StartAsync(async progress =>
                    {
                        var bar = progress.AddTask(operationId, maxValue: 1);
                        await foreach (var view in context.Client.Operations.WatchAsync(operationId, cancellationToken))
                        {
                            last = view;
                            if (view.Progress.StepCount > 0)
                            {
                                bar.MaxValue = view.Progress.StepCount;
                                // Step n is running: n - 1 steps are done.
                                bar.Value = Math.Clamp(view.Progress.StepNumber - 1, 0, view.Progress.StepCount);
                            }

                            bar.Description = $"{view.Action.ToWireName()} {HumanViews.Status(view.Status)} [grey]{Markup.Escape(view.Progress.Message ?? string.Empty)}[/]";
                        }

                        bar.Value = bar.MaxValue;
                        bar.StopTask();
                    });
            }

            if (last is null || !last.Status.IsTerminal())
            {
                throw new BareMetalConnectionException($"The stream of {operationId} ended before the operation did; run the command again.");
            }

            if (last.Status != OperationStatus.Succeeded)
            {
                context.Output.Error.WriteLine($"bm: {new BareMetalOperationFailedException(last).Message}");
                return ExitCodes.OperationFailed;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static OperationStatus? ParseStatus(string? text) => text switch
    {
        null => null,
        "queued" => OperationStatus.Queued,
        "running" => OperationStatus.Running,
        "succeeded" => OperationStatus.Succeeded,
        "failed" => OperationStatus.Failed,
        "cancelled" => OperationStatus.Cancelled,
        "timed_out" => OperationStatus.TimedOut,
        _ => throw new UsageException($"--status must be queued, running, succeeded, failed, cancelled or timed_out (was '{text}')."),
    };
}
