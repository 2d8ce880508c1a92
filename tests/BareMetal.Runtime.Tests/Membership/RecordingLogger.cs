using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Tests.Membership;

/// <summary>Keeps every log entry so tests can assert what was logged at which level.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries => _entries.ToArray();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, formatter(state, exception), exception));

    public bool Has(LogLevel level, string fragment) => _entries.Any(e => e.Level == level && e.Message.Contains(fragment, StringComparison.Ordinal));
}
