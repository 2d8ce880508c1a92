namespace BareMetal.Drivers.Redfish;

/// <summary>A Redfish session a BMC granted: its token (a secret) and the URI that ends it.</summary>
/// <param name="Token">The X-Auth-Token value.</param>
/// <param name="Location">The session resource's path, for logging out; null when the BMC gave none.</param>
internal sealed record RedfishSession(string Token, string? Location)
{
    /// <inheritdoc />
    public override string ToString() => $"session {Location ?? "(no location)"}";
}
