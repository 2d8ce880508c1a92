// Orleans' grain model is this project's vocabulary: grain interfaces, serialization attributes and concurrency markers.
global using Orleans;
global using Orleans.Concurrency;
global using Orleans.Runtime;
