namespace BareMetal.Drivers.Ipmi.Lan;

/// <summary>An IPMI-over-LAN exchange failed for the reason in <see cref="Failure"/>; caught within the driver.</summary>
internal sealed class IpmiLanException(IpmiFailure failure) : Exception(failure.Detail)
{
    public IpmiFailure Failure { get; } = failure;
}
