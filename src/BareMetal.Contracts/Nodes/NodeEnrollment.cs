namespace BareMetal.Contracts.Nodes;

/// <summary>What an operator gives to enroll a node.</summary>
/// <param name="Name">A human-friendly name.</param>
/// <param name="Driver">The hardware driver that manages it (e.g. "fake-hardware").</param>
/// <param name="DriverInfo">How the driver reaches the node (BMC address, credentials, ...); none when null.</param>
public sealed record NodeEnrollment(string Name, string Driver, IReadOnlyDictionary<string, string>? DriverInfo = null);
