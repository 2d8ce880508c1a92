using BareMetal.Client;
using BareMetal.Samples.BulkDeploy;

// Usage: BulkDeploy <resource-class> [count=10] [parallel=4] [image-source]
// Endpoint and key from BAREMETAL_ENDPOINT and BAREMETAL_API_KEY.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: BulkDeploy <resource-class> [count=10] [parallel=4] [image-source]");
    return 2;
}

var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
var parallel = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 4;
var client = BareMetalClient.Create(new BareMetalClientOptions
{
    BaseAddress = new Uri(Environment.GetEnvironmentVariable("BAREMETAL_ENDPOINT") ?? "http://127.0.0.1:5080"),
    ApiKey = Environment.GetEnvironmentVariable("BAREMETAL_API_KEY"),
});
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var outcomes = await new BulkDeployer(client, Console.Out).DeployAsync(args[0], count, parallel, args.Length > 3 ? args[3] : null, stop.Token);
var failed = outcomes.Count(o => o.Value is not null);
Console.WriteLine($"{outcomes.Count - failed} of {outcomes.Count} deployed.");
return failed == 0 ? 0 : 1;
