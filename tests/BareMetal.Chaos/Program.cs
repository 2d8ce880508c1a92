using BareMetal.Chaos;
using BareMetal.TestInfrastructure;

// The chaos harness: see docs/operations.md ("Chaos harness"). Exit code 0 when every check passed, 1 when one
// failed, 2 for a bad argument.
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

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
await using var postgres = new PostgresServer();
await postgres.InitializeAsync();
var summary = await ChaosRun.RunAsync(postgres, options, Console.Out);
return summary.Failures.Count == 0 ? 0 : 1;
