using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>
/// A grain call that fails because part of the cluster cannot answer (a silo died or restarts, the gateway is busy,
/// the call timed out) is 503 with Retry-After on /v1, as on the native API, in Ironic's error body: clients retry it.
/// </summary>
public sealed class UnavailabilityTests
{
    public static TheoryData<string> Failures => new()
    {
        nameof(SiloUnavailableException),
        nameof(TimeoutException),
        nameof(OrleansMessageRejectionException),
        nameof(Orleans.Runtime.Messaging.ConnectionFailedException),
        nameof(GatewayTooBusyException),
        nameof(ClientNotAvailableException),
        nameof(Orleans.Storage.InconsistentStateException),
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task An_unreachable_cluster_is_503_with_retry_after_in_ironic_s_error_body(string failure)
    {
        // What Orleans puts in such messages: silo addresses, message headers and grain interface types.
        const string Internals = "Response did not arrive on time for message: Request S127.0.0.1:11111:1 BareMetal.Contracts.Nodes.INodeGrain.Get()";
        Exception thrown = failure switch
        {
            nameof(SiloUnavailableException) => new SiloUnavailableException(Internals),
            nameof(TimeoutException) => new TimeoutException(Internals),
            nameof(OrleansMessageRejectionException) => Rebuilt<OrleansMessageRejectionException>(Internals),
            nameof(Orleans.Runtime.Messaging.ConnectionFailedException) => new Orleans.Runtime.Messaging.ConnectionFailedException(Internals),
            nameof(GatewayTooBusyException) => new GatewayTooBusyException(Internals),
            nameof(Orleans.Storage.InconsistentStateException) => new Orleans.Storage.InconsistentStateException(Internals, "57", "55"),
            _ => Rebuilt<ClientNotAvailableException>(Internals),
        };
        await using var services = new ServiceCollection().AddLogging().AddIronicApi(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()).BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = HttpMethods.Get;
        http.Request.Path = "/v1/nodes/node-1";
        http.Request.Host = new HostString("127.0.0.1");
        http.Response.Body = new MemoryStream();

        var result = await new IronicVersionFilter().InvokeAsync(EndpointFilterInvocationContext.Create(http), _ => throw thrown);
        await Assert.IsAssignableFrom<IResult>(result).ExecuteAsync(http);

        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.Equal((int)HttpStatusCode.ServiceUnavailable, http.Response.StatusCode);
        Assert.True(int.TryParse(http.Response.Headers.RetryAfter.ToString(), out var seconds) && seconds >= 1, $"Retry-After: '{http.Response.Headers.RetryAfter}'");
        var fault = JsonNode.Parse(JsonNode.Parse(body)!["error_message"]!.GetValue<string>())!;
        Assert.Equal("Server", fault["faultcode"]!.GetValue<string>());
        var message = fault["faultstring"]!.GetValue<string>();
        Assert.Contains("retry", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("BareMetal.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("S127.0.0.1", message, StringComparison.Ordinal);
    }

    // Orleans makes these itself (their constructors taking a message are not public), as a client receives them.
    private static Exception Rebuilt<TException>(string message)
        where TException : Exception =>
        (Exception)Activator.CreateInstance(typeof(TException), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public, null, [message], null)!;
}
