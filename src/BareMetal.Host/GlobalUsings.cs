global using Orleans;
global using Orleans.Dashboard;
global using Orleans.Hosting;
global using Orleans.Runtime;
