using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BareMetal.Hosting;

/// <summary>
/// Runs the silo's lifecycle inside the generic host: participants start in ascending stage order
/// and stop in descending order, so storage is ready before grains run and grains are deactivated
/// (their state written) before storage goes away.
/// </summary>
internal sealed partial class SiloHostedService(IEnumerable<ISiloLifecycleParticipant> participants, ILogger<SiloHostedService> logger) : IHostedService
{
    private readonly List<ISiloLifecycleParticipant> _started = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var group in participants.GroupBy(p => p.Stage).OrderBy(g => g.Key))
        {
            LogStage(logger, "Starting", group.Key);
            await Task.WhenAll(group.Select(p => p.OnStartAsync(cancellationToken)));
            _started.AddRange(group);
        }

        LogStarted(logger);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var group in _started.GroupBy(p => p.Stage).OrderByDescending(g => g.Key))
        {
            LogStage(logger, "Stopping", group.Key);
            foreach (var participant in group)
            {
                try
                {
                    await participant.OnStopAsync(cancellationToken);
                }
                catch (Exception exception)
                {
                    LogStopFailed(logger, exception, participant.GetType().Name);
                }
            }
        }

        _started.Clear();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Action} silo lifecycle stage {Stage}")]
    private static partial void LogStage(ILogger logger, string action, int stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo started")]
    private static partial void LogStarted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping {Participant} failed")]
    private static partial void LogStopFailed(ILogger logger, Exception exception, string participant);
}
