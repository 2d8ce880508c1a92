namespace BareMetal.Drivers.Redfish;

/// <summary>The driver_info keys of the "redfish" hardware type (Ironic's names).</summary>
public static class RedfishDriverInfoKeys
{
    /// <summary>The BMC's URL: "https://bmc.example" or "http://10.0.0.5:8000"; a bare host gets "https://".</summary>
    public const string Address = "redfish_address";

    /// <summary>The ComputerSystem's path, e.g. "/redfish/v1/Systems/1"; optional when the BMC manages one system.</summary>
    public const string SystemId = "redfish_system_id";

    /// <summary>The BMC user.</summary>
    public const string Username = "redfish_username";

    /// <summary>The BMC user's password (a secret: masked in every API and never logged).</summary>
    public const string Password = "redfish_password";

    /// <summary>"true" (default) checks the BMC's certificate against the system's CAs, "false" does not, a path names a CA bundle.</summary>
    public const string VerifyCa = "redfish_verify_ca";

    /// <summary>"auto" (default: a session when the BMC offers one, else basic), "session" or "basic".</summary>
    public const string AuthType = "redfish_auth_type";
}
