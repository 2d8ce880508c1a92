using System.Runtime.InteropServices;
using BareMetal.Chaos;
using BareMetal.TestInfrastructure;

// The chaos harness: see docs/operations.md ("Chaos harness"). Exit code 0 when every check passed, 1 when one
// failed, 2 for a bad argument, 130 when interrupted (Ctrl-C or SIGTERM).
//
//   dotnet run -c Release --project tests/BareMetal.Chaos -- nodes=200 clients=32 duration=300 kills=2 stops=2
ChaosOptions options;
try
{
    options = ChaosOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

// Ctrl-C or SIGTERM ends the run early, but through the same disposals as a finished run: the silos (a frozen one
// too), the gateway and PostgreSQL are stopped and their temporary folders removed. The runtime's default handling
// would end this process at once and leave them all running.
using var interrupted = new CancellationTokenSource();
void Interrupt(PosixSignalContext signal)
{
    signal.Cancel = true;
    Console.WriteLine($"{signal.Signal}: ending the run and stopping what it started");
    interrupted.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
await using var postgres = new PostgresServer();
await postgres.InitializeAsync();
Console.WriteLine($"postgres: 127.0.0.1:{postgres.Port}");
try
{
    var summary = await ChaosRun.RunAsync(postgres, options, Console.Out, interrupted.Token);
    return summary.Failures.Count == 0 ? 0 : 1;
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    Console.WriteLine("interrupted: the silos and the gateway are stopped; PostgreSQL stops next");
    return 130;
}
