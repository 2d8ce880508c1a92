using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Transport.Tests.Infrastructure;

internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
