namespace BareMetal.Drivers.Ipmi.Lan;

/// <summary>A BMC's answer to one IPMI command: its completion code (0 is success) and the data after it.</summary>
internal sealed record IpmiResponse(byte CompletionCode, byte[] Data);
