using System.Text.Json.Nodes;
using BareMetal.Contracts.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Ironic;

/// <summary>/v1/nodes/{ident}/validate and /v1/nodes/{ident}/history.</summary>
internal static class NodeInfoEndpoints
{
    /// <summary>Interfaces the simulated hardware implements; the rest are reported as not supported, which is the truth.</summary>
    private static readonly string[] s_implemented = ["boot", "deploy", "management", "network", "power", "storage"];

    private static readonly string[] s_unsupported = ["bios", "console", "inspect", "raid", "rescue"];

    public static async Task<IResult> Validate(string ident, HttpContext http, NodeDirectory nodes, IOptions<IronicApiOptions> options)
    {
        var request = IronicRequest.Of(http);
        var node = await nodes.GetAsync(ident, request);
        var driverKnown = options.Value.Drivers.Contains(node.Driver, StringComparer.Ordinal);
        var result = new JsonObject();
        foreach (var name in s_implemented.Concat(s_unsupported).Order(StringComparer.Ordinal))
        {
            result[name] = s_unsupported.Contains(name)
                ? new JsonObject { ["result"] = null, ["reason"] = "not supported" }
                : driverKnown
                    ? new JsonObject { ["result"] = true, ["reason"] = null }
                    : new JsonObject { ["result"] = false, ["reason"] = $"Driver {node.Driver} is not loaded by this service." };
        }

        return Results.Json(result);
    }

    public static async Task<IResult> History(string ident, HttpContext http, NodeDirectory nodes, IOptions<IronicApiOptions> options)
    {
        var request = IronicRequest.Of(http);
        request.EnsureVersion(78, "Node history");
        var node = await nodes.GetAsync(ident, request);
        var entries = await nodes.Node(node.Id).History();
        var detail = IronicQuery.Bool(http, "detail") == true;
        var history = new JsonArray();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            // History entries have no id of their own; one derived from the node and the entry's time is stable.
            var uuid = EntryUuid(node.Id, entry, i);
            var item = new JsonObject
            {
                ["uuid"] = uuid,
                ["created_at"] = IronicJson.Timestamp(entry.At),
                ["severity"] = entry.Event is "failed" or "timed-out" ? "ERROR" : "INFO",
                ["event"] = entry.Message,
            };
            if (detail)
            {
                item["event_type"] = entry.Event;
                item["conductor"] = options.Value.ConductorName;
                item["user"] = null;
            }

            item["links"] = IronicJson.Links(request.BaseUrl, "nodes", $"{node.Id}/history/{uuid}");
            history.Add(item);
        }

        return Results.Json(new JsonObject { ["history"] = history });
    }

    private static string EntryUuid(string nodeId, NodeHistoryEntry entry, int index)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{nodeId}/{entry.At.UtcTicks}/{index}"));
        return new Guid(bytes.AsSpan(0, 16)).ToString("D");
    }
}
