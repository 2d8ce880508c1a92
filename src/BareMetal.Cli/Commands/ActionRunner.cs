using BareMetal.Cli.Output;
using BareMetal.Client;
using BareMetal.Contracts.Operations;
using Spectre.Console;

namespace BareMetal.Cli.Commands;

/// <summary>
/// Submits actions with bounded concurrency and, with --wait, follows each one: on a terminal one live progress bar per
/// node (and an overall bar for several), in json mode silently.
/// </summary>
internal static class ActionRunner
{
    public static async Task<IReadOnlyList<ActionOutcome>> RunAsync(IReadOnlyList<ActionJob> jobs, bool wait, int parallel, CliOutput output, CancellationToken cancellationToken)
    {
        if (!wait || output.IsJson)
        {
            return await RunAllAsync(jobs, parallel, (job, ct) => SubmitAndMaybeWaitAsync(job, wait, null, ct), cancellationToken);
        }

        IReadOnlyList<ActionOutcome> outcomes = [];
        await output.Console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var overall = jobs.Count > 1 ? context.AddTask($"[bold]all {jobs.Count} nodes[/]", maxValue: jobs.Count) : null;
                var bars = jobs.ToDictionary(j => j, j => context.AddTask($"{Markup.Escape(j.Target)} [grey]waiting[/]", maxValue: 1));
                outcomes = await RunAllAsync(jobs, parallel, async (job, ct) =>
                {
                    var bar = bars[job];
                    var outcome = await SubmitAndMaybeWaitAsync(job, wait: true, new BarProgress(bar, job.Target), ct);
                    bar.Description = $"{Markup.Escape(job.Target)} {Ending(outcome)}";
                    bar.Value = bar.MaxValue;
                    bar.StopTask();
                    overall?.Increment(1);
                    return outcome;
                }, cancellationToken);
                overall?.StopTask();
            });
        return outcomes;
    }

    /// <summary>The exit code for a set of outcomes: the first error's, by job order; 0 when all succeeded.</summary>
    public static int ExitCode(IReadOnlyList<ActionOutcome> outcomes, CliOutput output)
    {
        var first = outcomes.FirstOrDefault(o => o.Error is not null)?.Error;
        if (first is null)
        {
            return ExitCodes.Ok;
        }

        // The outcomes were printed already; stderr gets the reason of the exit code.
        output.Error.WriteLine($"bm: {outcomes.Count(o => o.Error is not null)} of {outcomes.Count} did not succeed; first: {first.Message}");
        return ErrorReporter.CodeOf(first);
    }

    private static async Task<ActionOutcome> SubmitAndMaybeWaitAsync(ActionJob job, bool wait, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        OperationHandle handle;
        try
        {
            handle = await job.Submit(cancellationToken);
        }
        catch (Exception exception) when (exception is BareMetalApiException or BareMetalConnectionException)
        {
            return new ActionOutcome(job.Target, null, exception);
        }

        if (!wait)
        {
            return new ActionOutcome(job.Target, handle.Current, null);
        }

        try
        {
            return new ActionOutcome(job.Target, await handle.WaitAsync(progress, cancellationToken), null);
        }
        catch (Exception exception) when (exception is BareMetalApiException or BareMetalConnectionException or BareMetalOperationFailedException)
        {
            return new ActionOutcome(job.Target, handle.Current, exception);
        }
    }

    private static async Task<IReadOnlyList<ActionOutcome>> RunAllAsync(
        IReadOnlyList<ActionJob> jobs,
        int parallel,
        Func<ActionJob, CancellationToken, Task<ActionOutcome>> run,
        CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(parallel);
        var tasks = jobs.Select(async job =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                return await run(job, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        });
        return await Task.WhenAll(tasks);
    }

    private static string Ending(ActionOutcome outcome) => outcome switch
    {
        { Error: BareMetalOperationFailedException failed } => $"{HumanViews.Status(failed.Status ?? OperationStatus.Failed)} [grey]{Markup.Escape(failed.Operation?.Error ?? string.Empty)}[/]",
        { Error: { } error } => $"[red]{Markup.Escape(error.Message)}[/]",
        { Operation: { } operation } => HumanViews.Status(operation.Status),
        _ => string.Empty,
    };

    /// <summary>Moves one bar: step n of m, and the step's text.</summary>
    private sealed class BarProgress(ProgressTask bar, string target) : IProgress<OperationProgress>
    {
        public void Report(OperationProgress value)
        {
            if (value.StepCount > 0)
            {
                bar.MaxValue = value.StepCount;
                // Step n is running: n - 1 steps are done.
                bar.Value = Math.Clamp(value.StepNumber - 1, 0, value.StepCount);
            }

            bar.Description = $"{Markup.Escape(target)} [grey]{Markup.Escape(value.Message ?? "queued")}[/]";
        }
    }
}
