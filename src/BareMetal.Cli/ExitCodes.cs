namespace BareMetal.Cli;

/// <summary>The exit codes of bm, which scripts can rely on (docs/cli.md lists them).</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;

    /// <summary>An awaited operation failed, timed out or was cancelled (or the server failed unexpectedly).</summary>
    public const int OperationFailed = 1;

    /// <summary>The command line or the configuration is wrong.</summary>
    public const int Usage = 2;

    /// <summary>The server refused the request: not allowed in the node's state, invalid, or in conflict with another operation.</summary>
    public const int Refused = 3;

    /// <summary>The node or operation does not exist.</summary>
    public const int NotFound = 4;

    /// <summary>The server is overloaded (429/503) and the retries ran out.</summary>
    public const int Overloaded = 5;

    /// <summary>The API key is missing, unknown, or lacks the role.</summary>
    public const int Auth = 6;

    /// <summary>The API could not be reached.</summary>
    public const int Connection = 7;
}
