using BareMetal.Contracts.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A .NET service inside the cluster's trust boundary that calls node grains directly through Orleans' client,
// without the HTTP API: it reads one node, or asks it to power on. Usage:
//   BAREMETAL_GATEWAY=10.0.0.5:30000 BAREMETAL_CLUSTER_SECRET=... dotnet run --project samples/ClusterClient -- <node-id> [power-on]
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: ClusterClient <node-id> [power-on]");
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Services.AddBareMetalClusterClient(options =>
{
    options.Gateways.Add(Environment.GetEnvironmentVariable("BAREMETAL_GATEWAY") ?? "127.0.0.1:30000");
    options.ClusterId = Environment.GetEnvironmentVariable("BAREMETAL_CLUSTER_ID") ?? "dev";
    options.ClusterSecret = Environment.GetEnvironmentVariable("BAREMETAL_CLUSTER_SECRET") ?? string.Empty;
});
using var app = builder.Build();
await app.StartAsync();

var node = app.Services.GetRequiredService<Orleans.IClusterClient>().GetGrain<INodeGrain>(args[0]);
if (args.Length == 2 && args[1] == "power-on")
{
    // The same validation, queueing and idempotency as POST /api/nodes/{id}/actions/power-on.
    var accepted = await node.Accept(new NodeActionRequest(BareMetal.Contracts.Operations.OperationAction.PowerOn, RequestedBy: "cluster-client-sample"));
    Console.WriteLine($"accepted: operation {accepted.Operation.Id} is {accepted.Operation.Status}");
}

var view = await node.Get();
Console.WriteLine($"{view.Name}: {view.ProvisionState}, {view.PowerState}");
await app.StopAsync();
return 0;
