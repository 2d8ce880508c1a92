using System.Collections.Concurrent;

namespace BareMetal.Runtime.Tests.Infrastructure;

/// <summary>
/// Named one-shot signals shared by tests and test grains (same process): a grain awaits a gate the
/// test opens, or opens a gate the test awaits. Names are unique per test (Guid suffixes).
/// </summary>
internal static class Gates
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> s_gates = new();

    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static Task WhenOpen(string name) => Get(name).Task;

    public static void Open(string name) => Get(name).TrySetResult();

    public static bool IsOpen(string name) => Get(name).Task.IsCompleted;

    private static TaskCompletionSource Get(string name) =>
        s_gates.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
