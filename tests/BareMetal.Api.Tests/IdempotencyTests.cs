using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BareMetal.Api.Tests.Infrastructure;

namespace BareMetal.Api.Tests;

/// <summary>An Idempotency-Key makes a POST safe to retry: same request, same answer; other request, 422.</summary>
[Collection(ApiHostCollection.Name)]
public sealed class IdempotencyTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task A_retried_action_with_the_same_key_gets_the_same_operation_and_answer()
    {
        using var client = fixture.Host.Client(ApiHostFixture.OperatorKey);
        var id = await client.CreateNodeAsync("idem");
        var key = Guid.NewGuid().ToString("N");

        var (first, firstBody, firstLocation) = await PostAsync(client, $"api/nodes/{id}/actions/manage", key, "{}");
        Assert.Equal(HttpStatusCode.Accepted, first);
        var operationId = (string)JsonNode.Parse(firstBody)!["operation"]!["id"]!;
        await client.WaitForOperationAsync(operationId);

        var (second, secondBody, secondLocation) = await PostAsync(client, $"api/nodes/{id}/actions/manage", key, "{}");
        Assert.Equal(HttpStatusCode.Accepted, second);
        Assert.Equal(firstBody, secondBody);
        Assert.Equal(firstLocation, secondLocation);

        var operations = await client.GetFromJsonAsync<JsonArray>($"api/nodes/{id}/operations");
        Assert.Equal(operationId, (string)Assert.Single(operations!)!["id"]!);
        Assert.Equal(key, (string)operations![0]!["idempotencyKey"]!);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_changes_nothing()
    {
        using var client = fixture.Host.Client(ApiHostFixture.OperatorKey);
        var id = await client.CreateNodeAsync("idem-mismatch");
        var key = Guid.NewGuid().ToString("N");
        var (first, _, _) = await PostAsync(client, $"api/nodes/{id}/actions/manage", key, "{}");
        Assert.Equal(HttpStatusCode.Accepted, first);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/nodes/{id}/actions/inspect") { Content = ApiCalls.Json("{}") };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(key, (string)problem["detail"]!, StringComparison.Ordinal);
        var operations = await client.GetFromJsonAsync<JsonArray>($"api/nodes/{id}/operations");
        Assert.Single(operations!);
    }

    [Fact]
    public async Task A_retried_create_with_the_same_key_creates_one_node()
    {
        using var client = fixture.Host.Client(ApiHostFixture.OperatorKey);
        var key = Guid.NewGuid().ToString("N");
        var body = $$"""{"name":"idem-create-{{key[..12]}}","driver":"fake-hardware"}""";
        var (first, firstBody, _) = await PostAsync(client, "api/nodes", key, body);
        var (second, secondBody, _) = await PostAsync(client, "api/nodes", key, body);
        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(HttpStatusCode.Created, second);
        Assert.Equal((string)JsonNode.Parse(firstBody)!["id"]!, (string)JsonNode.Parse(secondBody)!["id"]!);
    }

    private static async Task<(HttpStatusCode Status, string Body, string? Location)> PostAsync(HttpClient client, string path, string key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = ApiCalls.Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }
}
