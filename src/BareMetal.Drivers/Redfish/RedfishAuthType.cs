namespace BareMetal.Drivers.Redfish;

/// <summary>How the driver authenticates to a BMC (driver_info "redfish_auth_type").</summary>
public enum RedfishAuthType
{
    /// <summary>A session (X-Auth-Token) when the BMC has a SessionService, HTTP basic otherwise.</summary>
    Auto,

    /// <summary>Always a session: log in at SessionService/Sessions, send X-Auth-Token, log in again when it expires.</summary>
    Session,

    /// <summary>HTTP basic authentication on every request.</summary>
    Basic,
}
