using BareMetal.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;

namespace BareMetal.Api.Tests;

/// <summary>
/// A request that meets a stale activation of its node (two activations after a silo died; the stale one's write is
/// refused by the ETag) is sent again before the client is answered, so the client sees its answer instead of a 503.
/// </summary>
public sealed class ResourceMovedRetryFilterTests
{
    [Fact]
    public async Task A_request_refused_by_a_stale_activation_is_sent_again_and_its_answer_returned()
    {
        var calls = 0;
        var result = await Filter().InvokeAsync(Invocation(), _ =>
        {
            calls++;
            return calls == 1 ? throw Refused() : ValueTask.FromResult<object?>("accepted");
        });

        Assert.Equal("accepted", result);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_refusal_that_persists_reaches_the_error_mapping_after_a_bounded_number_of_attempts()
    {
        var calls = 0;
        await Assert.ThrowsAsync<InconsistentStateException>(async () => await Filter().InvokeAsync(Invocation(), _ =>
        {
            calls++;
            throw Refused();
        }));

        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Other_failures_are_not_retried()
    {
        var calls = 0;
        await Assert.ThrowsAsync<TimeoutException>(async () => await Filter().InvokeAsync(Invocation(), _ =>
        {
            calls++;
            throw new TimeoutException("no answer");
        }));

        Assert.Equal(1, calls);
    }

    private static ResourceMovedRetryFilter Filter() => new(NullLogger<ResourceMovedRetryFilter>.Instance);

    private static EndpointFilterInvocationContext Invocation()
    {
        var http = new DefaultHttpContext();
        http.Request.Method = HttpMethods.Post;
        http.Request.Path = "/api/nodes/n-1/actions/deploy";
        return EndpointFilterInvocationContext.Create(http);
    }

    private static InconsistentStateException Refused() =>
        new("Storage Default refused a write of node/n-1: the stored ETag is 3, the grain held 2.", "3", "2");
}
