namespace BareMetal.Api.Ironic.Tests;

/// <summary>A <see cref="RedfishIronicHost"/> whose power sync puts the recorded power state back on the hardware.</summary>
public sealed class RedfishEnforcingIronicHost : RedfishIronicHost
{
    protected override bool EnforcePowerState => true;
}
