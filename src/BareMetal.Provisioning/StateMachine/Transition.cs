using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.StateMachine;

/// <summary>One row of the transition table: in state <see cref="From"/>, event <see cref="Event"/> leads to <see cref="To"/>.</summary>
public sealed record Transition(ProvisionState From, ProvisionEvent Event, ProvisionState To);
