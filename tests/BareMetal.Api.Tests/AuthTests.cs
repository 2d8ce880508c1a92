using System.Net;
using BareMetal.Api.Tests.Infrastructure;

namespace BareMetal.Api.Tests;

/// <summary>Roles: reader reads, operator also acts, admin also deletes; a bad or missing key is 401.</summary>
[Collection(ApiHostCollection.Name)]
public sealed class AuthTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task A_reader_can_read_but_not_act()
    {
        using var admin = fixture.Host.Client(ApiHostFixture.AdminKey);
        var id = await admin.CreateNodeAsync("auth-reader");
        using var reader = fixture.Host.Client(ApiHostFixture.ReaderKey);

        using var read = await reader.GetAsync($"api/nodes/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        using var act = await reader.PostAsync($"api/nodes/{id}/actions/manage", null);
        var problem = await act.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("reader", (string)problem["detail"]!, StringComparison.Ordinal);
        using var create = await reader.PostAsync("api/nodes", ApiCalls.Json(new { name = "never-" + Guid.NewGuid().ToString("N"), driver = "fake-hardware" }));
        await create.AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal("enroll", (string)(await admin.GetNodeAsync(id))["provisionState"]!);
    }

    [Fact]
    public async Task An_operator_can_act_but_not_delete()
    {
        using var operatorClient = fixture.Host.Client(ApiHostFixture.OperatorKey);
        var id = await operatorClient.CreateNodeAsync("auth-operator");
        await operatorClient.ActAndWaitAsync(id, "manage");

        using var delete = await operatorClient.DeleteAsync($"api/nodes/{id}");
        await delete.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("manageable", (string)(await operatorClient.GetNodeAsync(id))["provisionState"]!);

        using var admin = fixture.Host.Client(ApiHostFixture.AdminKey);
        using var adminDelete = await admin.DeleteAsync($"api/nodes/{id}");
        Assert.Equal(HttpStatusCode.NoContent, adminDelete.StatusCode);
    }

    [Fact]
    public async Task A_missing_or_wrong_key_is_401_whichever_header_carries_it()
    {
        using var anonymous = fixture.Host.Client();
        using var none = await anonymous.GetAsync("api/nodes");
        await none.AssertProblemAsync(HttpStatusCode.Unauthorized);

        using var wrong = fixture.Host.Client("wrong-key-0123456789");
        using var bad = await wrong.GetAsync("api/nodes");
        await bad.AssertProblemAsync(HttpStatusCode.Unauthorized);

        foreach (var header in new[] { "X-Api-Key", "X-Auth-Token" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/nodes");
            request.Headers.Add(header, ApiHostFixture.ReaderKey);
            using var response = await anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Orleans_dashboard_is_served_at_orleans_to_admins_only()
    {
        using var reader = fixture.Host.Client(ApiHostFixture.ReaderKey);
        using var refused = await reader.GetAsync("orleans/");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var anonymous = fixture.Host.Client();
        using var unknown = await anonymous.GetAsync("orleans/");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

        using var admin = fixture.Host.Client(ApiHostFixture.AdminKey);
        using var page = await admin.GetAsync("orleans/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }
}
