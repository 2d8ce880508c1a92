namespace BareMetal.Host;

/// <summary>The host's configuration is invalid; the message names the setting.</summary>
public sealed class HostConfigurationException(string message) : Exception(message);
