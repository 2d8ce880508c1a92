using System.Text.Json.Nodes;

namespace BareMetal.Drivers.Redfish;

/// <summary>A Redfish resource as read: its JSON body and the ETag that identifies this version of it.</summary>
/// <param name="Path">The path it was read from.</param>
/// <param name="Body">The JSON object.</param>
/// <param name="ETag">The ETag header, else the body's @odata.etag; null when the BMC gives neither.</param>
internal sealed record RedfishResource(string Path, JsonObject Body, string? ETag);
