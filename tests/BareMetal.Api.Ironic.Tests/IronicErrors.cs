using System.Net;
using System.Text.Json.Nodes;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>Reads Ironic's error format: {"error_message": "&lt;JSON text with faultstring, faultcode, debuginfo&gt;"}.</summary>
internal static class IronicErrors
{
    public static async Task<(string FaultString, string FaultCode)> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var inner = JsonNode.Parse(text)!["error_message"]!.GetValue<string>();
        var fault = JsonNode.Parse(inner)!;
        Assert.Null(fault["debuginfo"]);
        return (fault["faultstring"]!.GetValue<string>(), fault["faultcode"]!.GetValue<string>());
    }
}
