// Grains are reached through Orleans: its grain factory, grain interfaces and runtime exceptions.
global using Orleans;
global using Orleans.Runtime;
