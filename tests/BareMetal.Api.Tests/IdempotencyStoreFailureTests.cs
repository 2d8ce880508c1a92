using System.Reflection;
using BareMetal.Api.Hosting;
using BareMetal.Api.Idempotency;
using BareMetal.Api.Tests.Infrastructure;
using BareMetal.Contracts.Idempotency;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Tests;

/// <summary>
/// When storing a request's answer under its Idempotency-Key fails (the gateway silo the call went through, or the key's
/// grain, just died), the gateway goes on storing it in the background while the key's lease lasts: retries of the
/// request then get that answer replayed, instead of 409 "in progress" until the lease runs out and then a second run.
/// </summary>
public sealed class IdempotencyStoreFailureTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task An_answer_whose_storing_failed_is_stored_later_and_a_retry_gets_it_replayed()
    {
        var keys = new IdempotencyKeys { CompleteFailures = 2 };
        var filter = Filter(keys, lease: TimeSpan.FromSeconds(15));
        var runs = 0;

        var first = Invocation();
        await filter.InvokeAsync(first, _ =>
        {
            runs++;
            return ValueTask.FromResult<object?>(Results.Json(new { operation = "op-1" }, statusCode: StatusCodes.Status202Accepted));
        });
        Assert.Equal(StatusCodes.Status202Accepted, first.HttpContext.Response.StatusCode);

        await WaitUntil(() => keys.Stored is not null, "the answer to be stored");
        var retry = Invocation();
        var replayed = await filter.InvokeAsync(retry, _ =>
        {
            runs++;
            return ValueTask.FromResult<object?>(Results.StatusCode(StatusCodes.Status500InternalServerError));
        });

        await Assert.IsType<StoredResponseResult>(replayed).ExecuteAsync(retry.HttpContext);
        Assert.Equal(StatusCodes.Status202Accepted, retry.HttpContext.Response.StatusCode);
        Assert.Equal("true", retry.HttpContext.Response.Headers[IdempotencyFilter.ReplayedHeaderName]);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Storing_stops_when_the_lease_runs_out()
    {
        var keys = new IdempotencyKeys { CompleteFailures = int.MaxValue };
        // The schedule on a clock of its own: on the real one, a stall of the machine between two attempts (as a loaded
        // CI run had) would push the second past the lease.
        var clock = new LeapingTimeProvider(DateTimeOffset.UnixEpoch);
        var retry = new IdempotencyAnswerRetry(clock, new Lifetime(), NullLogger<IdempotencyAnswerRetry>.Instance);
        var attempts = 0;
        var storing = retry.RetryAsync("k", () =>
        {
            attempts++;
            return keys.Complete("f", new StoredResponse(202, "application/json", "{}", null));
        }, clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        await storing.WaitAsync(s_deadline);
        // 200 ms, then 400 ms: the next wait (800 ms) would end after the lease.
        Assert.Equal(2, attempts);
        Assert.Null(keys.Stored);
    }

    [Fact]
    public async Task Storing_stops_when_the_key_refuses_the_answer()
    {
        var retry = new IdempotencyAnswerRetry(TimeProvider.System, new Lifetime(), NullLogger<IdempotencyAnswerRetry>.Instance);
        var attempts = 0;
        await retry.RetryAsync("k", () =>
        {
            attempts++;
            throw new InvalidOperationException("The idempotency key is not reserved for this request.");
        }, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15)).WaitAsync(s_deadline);

        Assert.Equal(1, attempts);
    }

    private static IdempotencyFilter Filter(IdempotencyKeys keys, TimeSpan lease) => new(
        GrainFactoryOf(keys),
        Options.Create(new ApiOptions { IdempotencyLease = lease }),
        new IdempotencyAnswerRetry(TimeProvider.System, new Lifetime(), NullLogger<IdempotencyAnswerRetry>.Instance),
        TimeProvider.System,
        NullLogger<IdempotencyFilter>.Instance);

    private static EndpointFilterInvocationContext Invocation()
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Request.Method = HttpMethods.Post;
        http.Request.Path = "/api/nodes/n-1/actions/deploy";
        http.Request.ContentLength = 0;
        http.Request.Headers[IdempotencyFilter.HeaderName] = "key-1";
        http.Response.Body = new MemoryStream();
        return EndpointFilterInvocationContext.Create(http);
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + s_deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {s_deadline.TotalSeconds} s for {what}.");
            }

            await Task.Delay(20);
        }
    }

    private static IGrainFactory GrainFactoryOf(IIdempotencyGrain grain)
    {
        var factory = DispatchProxy.Create<IGrainFactory, OneGrainFactory>();
        ((OneGrainFactory)(object)factory).Grain = grain;
        return factory;
    }

    /// <summary>A grain factory that hands out one idempotency grain, whatever the key.</summary>
    public class OneGrainFactory : DispatchProxy
    {
        internal IIdempotencyGrain? Grain { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod is { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true } && targetMethod.GetGenericArguments()[0] == typeof(IIdempotencyGrain)
                ? Grain
                : throw new NotSupportedException($"{targetMethod?.Name} is not part of this test.");
    }

    /// <summary>One key's reservation and answer in memory, as the grain keeps them; storing can be made to fail.</summary>
    private sealed class IdempotencyKeys : IIdempotencyGrain
    {
        private string? _reservedFor;

        /// <summary>How many of the next Complete calls fail as a call to a silo that just died fails.</summary>
        public int CompleteFailures { get; set; }

        public StoredResponse? Stored { get; private set; }

        public Task<IdempotencyReservation> Reserve(string fingerprint, TimeSpan lease)
        {
            if (Stored is { } stored)
            {
                return Task.FromResult(new IdempotencyReservation(IdempotencyOutcome.Replay, stored));
            }

            if (_reservedFor is not null)
            {
                return Task.FromResult(new IdempotencyReservation(IdempotencyOutcome.InProgress));
            }

            _reservedFor = fingerprint;
            return Task.FromResult(new IdempotencyReservation(IdempotencyOutcome.Acquired));
        }

        public Task Complete(string fingerprint, StoredResponse response)
        {
            if (CompleteFailures > 0)
            {
                CompleteFailures--;
                throw new Orleans.Runtime.SiloUnavailableException("The target silo became unavailable.");
            }

            Stored = response;
            _reservedFor = null;
            return Task.CompletedTask;
        }

        public Task Release(string fingerprint)
        {
            _reservedFor = null;
            return Task.CompletedTask;
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
