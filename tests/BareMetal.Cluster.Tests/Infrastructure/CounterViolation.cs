namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>A broken rule of <see cref="CounterHistory"/>.</summary>
/// <param name="CallIndex">The index of the offending call in the grain's history.</param>
/// <param name="Message">What is wrong, with the grain, time and silo.</param>
public sealed record CounterViolation(int CallIndex, string Message);
