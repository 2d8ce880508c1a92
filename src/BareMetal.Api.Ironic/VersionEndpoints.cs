using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Ironic;

/// <summary>The version discovery documents at / and /v1.</summary>
internal static class VersionEndpoints
{
    public static IResult Root(HttpContext http)
    {
        var baseUrl = IronicRequest.BaseUrlOf(http);
        http.Response.Headers[RequestIds.HeaderName] = RequestIds.New();
        return Results.Json(new JsonObject
        {
            ["name"] = "OpenStack Ironic API",
            ["description"] = "An Ironic-compatible API of BareMetal: provisions and manages bare metal servers.",
            ["default_version"] = Version(baseUrl),
            ["versions"] = new JsonArray(Version(baseUrl)),
        });
    }

    public static IResult V1(HttpContext http)
    {
        var baseUrl = IronicRequest.Of(http).BaseUrl;
        var document = new JsonObject
        {
            ["id"] = "v1",
            ["links"] = new JsonArray(
                new JsonObject { ["href"] = $"{baseUrl}/v1/", ["rel"] = "self" },
                new JsonObject { ["href"] = "https://docs.openstack.org/ironic/latest/contributor/webapi.html", ["rel"] = "describedby", ["type"] = "text/html" }),
            ["media_types"] = new JsonArray(
                new JsonObject { ["base"] = "application/json", ["type"] = "application/vnd.openstack.ironic.v1+json" }),
        };
        foreach (var resource in new[] { "chassis", "nodes", "ports", "drivers" })
        {
            document[resource] = IronicJson.Links(baseUrl, resource);
            // The resource links of Ironic end in "/" for bookmarks and self alike only for the collection roots.
            document[resource]![0]!["href"] = $"{baseUrl}/v1/{resource}/";
            document[resource]![1]!["href"] = $"{baseUrl}/{resource}/";
        }

        document["version"] = Version(baseUrl);
        return Results.Json(document);
    }

    private static JsonObject Version(string baseUrl) => new()
    {
        ["id"] = "v1",
        ["links"] = new JsonArray(new JsonObject { ["href"] = $"{baseUrl}/v1/", ["rel"] = "self" }),
        ["status"] = "CURRENT",
        ["min_version"] = ApiVersion.Minimum.ToString(),
        ["version"] = ApiVersion.Maximum.ToString(),
    };
}
