using System.Net;

namespace BareMetal.Drivers.Redfish;

/// <summary>A BMC answered a request with an error status; the message says what it said (from its Redfish error body).</summary>
internal sealed class RedfishRequestException(HttpStatusCode status, string message) : Exception(message)
{
    /// <summary>The HTTP status the BMC answered with.</summary>
    public HttpStatusCode Status { get; } = status;
}
