using System.Globalization;
using System.Text;

namespace BareMetal.Drivers.Ipmi;

/// <summary>
/// A node's driver_info for the "ipmi" hardware type, checked (Ironic's keys). Holds the BMC password:
/// <see cref="ToString"/> never prints it, and it only ever reaches ipmitool through a private file.
/// </summary>
internal sealed record IpmiDriverInfo
{
    public const string AddressKey = "ipmi_address";
    public const string PortKey = "ipmi_port";
    public const string UsernameKey = "ipmi_username";
    public const string PasswordKey = "ipmi_password";
    public const string PrivilegeLevelKey = "ipmi_priv_level";
    public const string BridgingKey = "ipmi_bridging";
    public const string CipherSuiteKey = "ipmi_cipher_suite";
    public const string LocalAddressKey = "ipmi_local_address";
    public const string TargetChannelKey = "ipmi_target_channel";
    public const string TargetAddressKey = "ipmi_target_address";
    public const string TransitChannelKey = "ipmi_transit_channel";
    public const string TransitAddressKey = "ipmi_transit_address";

    /// <summary>The privilege levels ipmitool's -L accepts (Ironic's ipmi_priv_level values).</summary>
    public static readonly IReadOnlyList<string> PrivilegeLevels = ["ADMINISTRATOR", "CALLBACK", "OPERATOR", "USER"];

    /// <summary>The bridging modes (Ironic's ipmi_bridging values).</summary>
    public static readonly IReadOnlyList<string> BridgingModes = ["no", "single", "dual"];

    private IpmiDriverInfo()
    {
    }

    public required string Address { get; init; }

    public int Port { get; init; } = 623;

    public string? Username { get; init; }

    public string Password { get; init; } = string.Empty;

    public string PrivilegeLevel { get; init; } = "ADMINISTRATOR";

    public int? CipherSuite { get; init; }

    /// <summary>The ipmitool options that route the command through bridges (-m, -b, -t, -B, -T); empty without bridging.</summary>
    public IReadOnlyList<string> BridgingArguments { get; init; } = [];

    /// <summary>"address:port", for messages.</summary>
    public string Endpoint => $"{Address}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads and checks <paramref name="driverInfo"/>; <paramref name="problems"/> names every key that is wrong, never a value of a secret.</summary>
    public static IpmiDriverInfo? TryParse(IReadOnlyDictionary<string, string> driverInfo, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(driverInfo);
        List<string> found = [];
        var address = Value(driverInfo, AddressKey);
        if (address is null)
        {
            found.Add($"{AddressKey} is missing (the BMC's host name or IP address)");
        }
        else if (address.StartsWith('-') || address.Any(char.IsWhiteSpace))
        {
            found.Add($"{AddressKey} '{address}' is not a host name or IP address");
        }

        var port = 623;
        if (Value(driverInfo, PortKey) is { } portText && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            found.Add($"{PortKey} '{portText}' is not a UDP port (1-65535)");
        }

        var privilege = Value(driverInfo, PrivilegeLevelKey) ?? "ADMINISTRATOR";
        if (!PrivilegeLevels.Contains(privilege, StringComparer.Ordinal))
        {
            found.Add($"{PrivilegeLevelKey} '{privilege}' is not one of {string.Join(", ", PrivilegeLevels)}");
        }

        int? cipherSuite = null;
        if (Value(driverInfo, CipherSuiteKey) is { } suiteText)
        {
            if (int.TryParse(suiteText, NumberStyles.None, CultureInfo.InvariantCulture, out var suite) && suite <= 17)
            {
                cipherSuite = suite;
            }
            else
            {
                found.Add($"{CipherSuiteKey} '{suiteText}' is not an IPMI cipher suite id (0-17)");
            }
        }

        var bridging = Bridging(driverInfo, found);
        var username = Value(driverInfo, UsernameKey);
        if (username is not null && username.Length > 16)
        {
            found.Add($"{UsernameKey} is longer than the 16 characters IPMI allows");
        }

        var password = driverInfo.GetValueOrDefault(PasswordKey) ?? string.Empty;
        if (password.Length > 20)
        {
            // IPMI 2.0 passwords are at most 20 bytes; a longer one would be cut by ipmitool and never match.
            found.Add($"{PasswordKey} is longer than the 20 characters IPMI 2.0 allows");
        }
        else if (password.Contains('\n', StringComparison.Ordinal) || password.Contains('\r', StringComparison.Ordinal))
        {
            found.Add($"{PasswordKey} contains a line break");
        }

        problems = found;
        return found.Count > 0 || address is null
            ? null
            : new IpmiDriverInfo
            {
                Address = address,
                Port = port,
                Username = username,
                Password = password,
                PrivilegeLevel = privilege,
                CipherSuite = cipherSuite,
                BridgingArguments = bridging,
            };
    }

    private static List<string> Bridging(IReadOnlyDictionary<string, string> driverInfo, List<string> problems)
    {
        var mode = Value(driverInfo, BridgingKey) ?? "no";
        if (!BridgingModes.Contains(mode, StringComparer.Ordinal))
        {
            problems.Add($"{BridgingKey} '{mode}' is not one of {string.Join(", ", BridgingModes)}");
            return [];
        }

        if (mode == "no")
        {
            return [];
        }

        List<string> arguments = [];
        if (Value(driverInfo, LocalAddressKey) is { } local)
        {
            Add(arguments, "-m", LocalAddressKey, local, problems);
        }

        Required(arguments, "-b", TargetChannelKey, driverInfo, mode, problems);
        Required(arguments, "-t", TargetAddressKey, driverInfo, mode, problems);
        if (mode == "dual")
        {
            Required(arguments, "-B", TransitChannelKey, driverInfo, mode, problems);
            Required(arguments, "-T", TransitAddressKey, driverInfo, mode, problems);
        }

        return arguments;
    }

    private static void Required(List<string> arguments, string option, string key, IReadOnlyDictionary<string, string> driverInfo, string mode, List<string> problems)
    {
        if (Value(driverInfo, key) is { } value)
        {
            Add(arguments, option, key, value, problems);
        }
        else
        {
            problems.Add($"{key} is missing (needed with {BridgingKey} '{mode}')");
        }
    }

    // Channels and IPMB addresses are small numbers, decimal or 0x-hex, as ipmitool reads them.
    private static void Add(List<string> arguments, string option, string key, string value, List<string> problems)
    {
        var number = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? int.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : -1
            : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : -1;
        if (number is < 0 or > 255)
        {
            problems.Add($"{key} '{value}' is not a number from 0 to 255");
            return;
        }

        arguments.Add(option);
        arguments.Add(value);
    }

    private static string? Value(IReadOnlyDictionary<string, string> driverInfo, string key) =>
        driverInfo.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Endpoint = ").Append(Endpoint)
            .Append(", Username = ").Append(Username)
            .Append(", PrivilegeLevel = ").Append(PrivilegeLevel)
            .Append(", Password = ").Append(Password.Length == 0 ? "(none)" : "******");
        return true;
    }
}
