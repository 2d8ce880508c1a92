using System.Net;
using BareMetal.Client.Models;

namespace BareMetal.Client.Tests;

public sealed class ErrorTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Unknown_node_and_operation_throw_not_found()
    {
        var client = fixture.CreateClient();

        var node = await Assert.ThrowsAsync<BareMetalNotFoundException>(() => client.Nodes.GetAsync("no-such-node"));
        var operation = await Assert.ThrowsAsync<BareMetalNotFoundException>(() => client.Operations.GetAsync("op-" + new string('0', 32)));

        Assert.Contains("no-such-node", node.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, operation.Status);
    }

    [Fact]
    public async Task An_action_the_state_does_not_allow_is_refused_with_the_reason()
    {
        var client = fixture.CreateClient();
        var node = await TestNodes.EnrollAsync(client);

        var error = await Assert.ThrowsAsync<BareMetalRefusedException>(() => client.Nodes.DeployAsync(node.Id));

        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Equal("request-refused", error.Kind);
        Assert.Contains("enroll", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_node_is_refused_as_a_bad_request_naming_the_field()
    {
        var client = fixture.CreateClient();

        var error = await Assert.ThrowsAsync<BareMetalRefusedException>(() => client.Nodes.CreateAsync(new NewNode { Driver = " " }));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains("driver", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_busy_node_throws_conflict_naming_the_running_operation()
    {
        var client = fixture.CreateClient();
        var node = await TestNodes.AvailableAsync(client);
        var deploy = await client.Nodes.DeployAsync(node.Id);

        var error = await Assert.ThrowsAsync<BareMetalConflictException>(() => client.Nodes.DeleteAsync(node.Id));
        await deploy.WaitAsync();

        Assert.Equal(deploy.Id, error.ConflictingOperationId);
    }

    [Fact]
    public async Task Cancelling_an_operation_that_ended_is_refused()
    {
        var client = fixture.CreateClient();
        var node = await TestNodes.EnrollAsync(client);
        var manage = await client.Nodes.ManageAsync(node.Id);
        await manage.WaitAsync();

        var error = await Assert.ThrowsAsync<BareMetalRefusedException>(() => manage.CancelAsync());

        Assert.Equal("not-cancellable", error.Kind);
    }

    [Fact]
    public async Task A_host_that_does_not_listen_gives_a_connection_error_after_the_retries()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = BareMetalClient.Create(new BareMetalClientOptions
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });

        var error = await Assert.ThrowsAsync<BareMetalConnectionException>(() => client.Nodes.GetAsync("x"));

        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }
}
