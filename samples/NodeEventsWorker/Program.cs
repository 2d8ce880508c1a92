using BareMetal.Client;
using BareMetal.Samples.NodeEventsWorker;

// A worker service embedding the BareMetal client: it follows node events and guards failed nodes.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddBareMetalClient(options =>
{
    options.BaseAddress = new Uri(builder.Configuration["BareMetal:Endpoint"] ?? "http://127.0.0.1:5080");
    options.ApiKey = builder.Configuration["BareMetal:ApiKey"];
});
builder.Services.AddHostedService<FailedNodeGuard>();
await builder.Build().RunAsync();
