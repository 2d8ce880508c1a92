global using Orleans;
global using Orleans.Placement;
global using Orleans.Runtime;
