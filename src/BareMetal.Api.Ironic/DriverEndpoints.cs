using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Ironic;

/// <summary>/v1/drivers: the hardware types this service runs, all "dynamic" (Ironic's classic drivers are gone).</summary>
internal static class DriverEndpoints
{
    public static IResult List(HttpContext http, IOptions<IronicApiOptions> options)
    {
        var request = IronicRequest.Of(http);
        var type = IronicQuery.Text(http, "type");
        if (type is not (null or "classic" or "dynamic"))
        {
            throw IronicApiException.BadRequest($"Invalid driver type '{type}'; it must be 'classic' or 'dynamic'.");
        }

        var drivers = type == "classic" ? [] : options.Value.Drivers.Select(d => Document(d, request, options.Value));
        return Results.Json(new JsonObject { ["drivers"] = new JsonArray([.. drivers]) });
    }

    public static IResult Show(string name, HttpContext http, IOptions<IronicApiOptions> options)
    {
        var request = IronicRequest.Of(http);
        return options.Value.Drivers.Contains(name, StringComparer.Ordinal)
            ? Results.Json(Document(name, request, options.Value))
            : throw IronicApiException.NotFound($"Could not find the following driver(s) or hardware type(s): {name}.");
    }

    private static JsonObject Document(string name, IronicRequest request, IronicApiOptions settings) => new()
    {
        ["name"] = name,
        ["hosts"] = new JsonArray(settings.ConductorName),
        ["type"] = "dynamic",
        ["links"] = IronicJson.Links(request.BaseUrl, "drivers", name),
        ["properties"] = IronicJson.Links(request.BaseUrl, "drivers", $"{name}/properties"),
    };
}
