using BareMetal.Cli.Output;
using BareMetal.Client;
using Spectre.Console;

namespace BareMetal.Cli;

/// <summary>Turns what a command threw into a message (stderr; also a JSON error document on stdout in json mode) and an exit code.</summary>
internal static class ErrorReporter
{
    /// <summary>The exit code for <paramref name="exception"/>; -1 when it is not a failure bm knows.</summary>
    public static int CodeOf(Exception exception) => Classify(exception).Code;

    public static int Report(Exception exception, CliOutput output)
    {
        var (code, kind) = Classify(exception);
        if (code < 0)
        {
            // Not a failure bm knows: a bug; let it surface with its stack.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
        }

        output.Error.WriteLine($"bm: {exception.Message}");
        if (output.IsJson)
        {
            var api = exception as BareMetalApiException;
            output.Json(new ErrorDocument(new ErrorBody(
                kind,
                exception.Message,
                api is null ? null : (int)api.Status,
                api?.Kind,
                (exception as BareMetalConflictException)?.ConflictingOperationId,
                (exception as BareMetalOverloadedException)?.RetryAfter?.TotalSeconds,
                (exception as BareMetalOperationFailedException)?.Operation)));
        }
        else if (exception is BareMetalConflictException { ConflictingOperationId: { } conflicting })
        {
            output.Console.MarkupLine($"[yellow]The node is busy with operation {conflicting}: wait with 'bm ops watch {conflicting}' or cancel it with 'bm ops cancel {conflicting}'.[/]");
        }

        return code;
    }

    private static (int Code, string Kind) Classify(Exception exception) => exception switch
    {
        BareMetalOperationFailedException => (ExitCodes.OperationFailed, "operation-failed"),
        UsageException or ArgumentException => (ExitCodes.Usage, "usage"),
        BareMetalConflictException => (ExitCodes.Refused, "conflict"),
        BareMetalRefusedException => (ExitCodes.Refused, "refused"),
        BareMetalNotFoundException => (ExitCodes.NotFound, "not-found"),
        BareMetalOverloadedException => (ExitCodes.Overloaded, "overloaded"),
        BareMetalAuthException => (ExitCodes.Auth, "auth"),
        BareMetalConnectionException => (ExitCodes.Connection, "connection"),
        BareMetalApiException => (ExitCodes.OperationFailed, "server"),
        _ => (-1, "internal"),
    };

    private sealed record ErrorDocument(ErrorBody Error);

    private sealed record ErrorBody(
        string Kind,
        string Message,
        int? Status,
        string? Problem,
        string? ConflictingOperationId,
        double? RetryAfterSeconds,
        BareMetal.Contracts.Operations.OperationView? Operation);
}
