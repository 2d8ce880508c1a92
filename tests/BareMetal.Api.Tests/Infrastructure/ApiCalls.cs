using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BareMetal.Api.Tests.Infrastructure;

/// <summary>HTTP helpers for the API: JSON bodies, problem documents, long-polls.</summary>
public static class ApiCalls
{
    private static readonly TimeSpan s_operationDeadline = TimeSpan.FromSeconds(30);

    public static StringContent Json(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);

    public static StringContent Json(object body) => Json(JsonSerializer.Serialize(body));

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("The body is null.");
    }

    /// <summary>Asserts a problem+json answer with <paramref name="status"/> and returns the problem.</summary>
    public static async Task<JsonNode> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.StartsWith("urn:baremetal:problem:", (string)problem["type"]!, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
        return problem;
    }

    /// <summary>Creates a node with a unique name and returns its id.</summary>
    public static async Task<string> CreateNodeAsync(this HttpClient client, string prefix, string driver = "fake-hardware")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
        using var response = await client.PostAsync("api/nodes", Json(new { name, driver, driverInfo = new Dictionary<string, string> { ["ipmi_password"] = "s3cret-password" } }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Create failed with {(int)response.StatusCode}: {text}");
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    /// <summary>Posts an action and returns the 202 answer's operation id.</summary>
    public static async Task<string> ActAsync(this HttpClient client, string nodeId, string verb, object? body = null)
    {
        using var response = body is null
            ? await client.PostAsync($"api/nodes/{nodeId}/actions/{verb}", null)
            : await client.PostAsync($"api/nodes/{nodeId}/actions/{verb}", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{verb} failed with {(int)response.StatusCode}: {text}");
        var id = (string)JsonNode.Parse(text)!["operation"]!["id"]!;
        Assert.Equal($"/api/operations/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    /// <summary>Long-polls the operation until it ends and returns its last view.</summary>
    public static async Task<JsonNode> WaitForOperationAsync(this HttpClient client, string operationId)
    {
        using var deadline = new CancellationTokenSource(s_operationDeadline);
        var view = await client.GetFromJsonAsync<JsonNode>($"api/operations/{operationId}", deadline.Token);
        while (view!["status"]!.GetValue<string>() is "queued" or "running")
        {
            var version = (long)view["version"]!;
            view = await client.GetFromJsonAsync<JsonNode>($"api/operations/{operationId}?waitForChangeAfter={version}&timeout=10s", deadline.Token);
        }

        return view;
    }

    /// <summary>Runs an action to its end and asserts it succeeded.</summary>
    public static async Task<JsonNode> ActAndWaitAsync(this HttpClient client, string nodeId, string verb, object? body = null)
    {
        var operation = await client.WaitForOperationAsync(await client.ActAsync(nodeId, verb, body));
        Assert.True((string)operation["status"]! == "succeeded", $"{verb} ended {(string)operation["status"]!}: {operation["error"]}");
        return operation;
    }

    public static async Task<JsonNode> GetNodeAsync(this HttpClient client, string ident) =>
        (await client.GetFromJsonAsync<JsonNode>($"api/nodes/{ident}"))!;
}
