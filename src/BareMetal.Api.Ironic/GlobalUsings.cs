// Grains are reached through Orleans: its grain factory, grain interfaces and runtime exceptions.
global using Orleans;
global using Orleans.Runtime;
// Node names and input sizes follow the same rules on both APIs.
global using BareMetal.Api.Validation;
