namespace BareMetal.TestInfrastructure.Redfish;

/// <summary>One request a <see cref="RedfishService"/> answered.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path.</param>
/// <param name="Status">The status it answered with.</param>
/// <param name="Authentication">"session", "basic" or "none".</param>
public sealed record RedfishRequestRecord(string Method, string Path, int Status, string Authentication);
