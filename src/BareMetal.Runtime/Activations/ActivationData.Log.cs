using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Activations;

internal sealed partial class ActivationData
{
    private void LogActivationFailed(Exception exception, GrainId grainId) => Log.ActivationFailed(_runtime.Logger, exception, grainId);

    private void LogDeactivationFailed(Exception exception, GrainId grainId) => Log.DeactivationFailed(_runtime.Logger, exception, grainId);

    private void LogDeactivated(GrainId grainId, DeactivationReason reason) => Log.Deactivated(_runtime.Logger, grainId, reason.Code);

    private void LogTurnFault(Exception exception, GrainId grainId, string work) => Log.TurnFault(_runtime.Logger, exception, grainId, work);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Activation of grain {GrainId} failed")]
        public static partial void ActivationFailed(ILogger logger, Exception exception, GrainId grainId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "OnDeactivateAsync of grain {GrainId} failed")]
        public static partial void DeactivationFailed(ILogger logger, Exception exception, GrainId grainId);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Grain {GrainId} deactivated ({Reason})")]
        public static partial void Deactivated(ILogger logger, GrainId grainId, DeactivationReasonCode reason);

        [LoggerMessage(Level = LogLevel.Error, Message = "Runtime fault while running {Work} on grain {GrainId}")]
        public static partial void TurnFault(ILogger logger, Exception exception, GrainId grainId, string work);
    }
}
