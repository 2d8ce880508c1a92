using System.Globalization;

namespace BareMetal.Runtime.Concurrency;

/// <summary>Overrides the silo's default call timeout for one interface method.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(string timeout) : Attribute
{
    /// <summary>The timeout, parsed from a <see cref="TimeSpan"/> string such as <c>00:00:05</c>.</summary>
    public TimeSpan Timeout { get; } = TimeSpan.Parse(timeout, CultureInfo.InvariantCulture);
}
