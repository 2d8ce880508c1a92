using Microsoft.Extensions.Logging;

namespace BareMetal.Provisioning.Nodes;

public sealed partial class NodeGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} recovered step {OperationId}/{Step}#{Attempt} ({Kind}) left in flight by a lost activation: the driver reports it {DriverSays}; decision: {Decision}")]
    private partial void LogStepRecovered(string nodeId, string operationId, int step, int attempt, NodeStepKind kind, string driverSays, string decision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} could not read the state of step {OperationId}/{Step} ({Kind}) from its driver; asking again on the next check")]
    private partial void LogStepStatusFailed(string nodeId, string operationId, int step, NodeStepKind kind, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} refused to run step {OperationId}/{Step}#{Attempt}: another activation took the node over (ETag {Held} here, {Stored} stored)")]
    private partial void LogStepFenced(string nodeId, string operationId, int step, int attempt, string? held, string? stored);
}
