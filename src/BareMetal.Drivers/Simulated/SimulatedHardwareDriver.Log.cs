using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging;

namespace BareMetal.Drivers.Simulated;

// Messages carry node ids, step kinds and tokens only: driver_info (credentials) is never logged.
public sealed partial class SimulatedHardwareDriver
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {NodeId}: simulated {StepKind} call {CallNumber} started (step {StepToken})")]
    private partial void LogStepStarted(string nodeId, SimulatedStepKind stepKind, StepToken? stepToken, int callNumber);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {NodeId}: simulated {StepKind} call {CallNumber} done (step {StepToken})")]
    private partial void LogStepDone(string nodeId, SimulatedStepKind stepKind, StepToken? stepToken, int callNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: simulated {StepKind} call {CallNumber} failed (step {StepToken}): {Reason}")]
    private partial void LogStepFailed(string nodeId, SimulatedStepKind stepKind, StepToken? stepToken, int callNumber, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: simulated {StepKind} call {CallNumber} cancelled (step {StepToken})")]
    private partial void LogStepCancelled(string nodeId, SimulatedStepKind stepKind, StepToken? stepToken, int callNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: simulated BMC unreachable on power read {CallNumber}")]
    private partial void LogBmcUnreachable(string nodeId, int callNumber);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {NodeId}: simulated agent for step {StepToken} stopped before reporting")]
    private partial void LogAgentStopped(string nodeId, StepToken stepToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId}: simulated agent could not report step {StepToken}")]
    private partial void LogAgentCallbackFailed(string nodeId, StepToken stepToken, Exception exception);
}
