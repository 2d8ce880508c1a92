using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Ironic;

/// <summary>Ironic's error body: a single "error_message" whose value is itself a JSON document as a string.</summary>
internal static class IronicError
{
    public static IResult Result(int statusCode, string faultString)
    {
        var fault = new JsonObject
        {
            ["faultstring"] = faultString,
            ["faultcode"] = statusCode >= 500 ? "Server" : "Client",
            ["debuginfo"] = null,
        };
        var body = new JsonObject { ["error_message"] = fault.ToJsonString() };
        return Results.Text(body.ToJsonString(), "application/json", statusCode: statusCode);
    }

    public static IResult Result(IronicApiException exception) => Result(exception.StatusCode, exception.Message);

    /// <summary>The fault string out of an error body (for tests and clients of this library).</summary>
    public static string? FaultString(string body)
    {
        var outer = JsonNode.Parse(body)?["error_message"]?.GetValue<string>();
        return outer is null ? null : JsonNode.Parse(outer)?["faultstring"]?.GetValue<string>();
    }
}
