using System.Net;
using BareMetal.Client.Models;

namespace BareMetal.Client.Tests;

public sealed class RetryAndAuthTests(KeyedHostFixture fixture) : IClassFixture<KeyedHostFixture>
{
    [Fact]
    public async Task Rate_limited_reads_are_retried_after_the_delay_the_server_asked_for()
    {
        var recorder = new RecordingHandler();
        var client = fixture.CreateClient(KeyedHostFixture.ReaderKey, o => o.MaxRetries = 6, recorder);

        for (var i = 0; i < 5; i++)
        {
            await client.Nodes.ListAsync(new NodeListQuery { Limit = 1 });
        }

        var attempts = recorder.Attempts;
        var throttled = attempts.Select((a, i) => (Attempt: a, Index: i)).Where(x => x.Attempt.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(throttled);
        Assert.Equal(5, attempts.Count(a => a.Status == HttpStatusCode.OK));
        foreach (var (attempt, index) in throttled)
        {
            Assert.NotNull(attempt.RetryAfter);
            var next = attempts[index + 1];

            // The retry waits the Retry-After delay (whole seconds) before going out again.
            Assert.True(next.SentAt - attempt.SentAt >= attempt.RetryAfter!.Value - TimeSpan.FromMilliseconds(100), $"retried after {(next.SentAt - attempt.SentAt).TotalMilliseconds} ms, asked {attempt.RetryAfter}");
        }
    }

    [Fact]
    public async Task Without_retries_a_rate_limited_call_throws_overloaded_with_retry_after()
    {
        var client = fixture.CreateClient(KeyedHostFixture.ReaderKey, o => o.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<BareMetalOverloadedException>(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await client.Nodes.ListAsync();
            }
        });

        Assert.Equal(HttpStatusCode.TooManyRequests, error.Status);
        Assert.True(error.RetryAfter >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_throttled_post_is_retried_with_the_same_idempotency_key_and_creates_one_node()
    {
        var recorder = new RecordingHandler();
        var client = fixture.CreateClient(KeyedHostFixture.OperatorKey, o => o.MaxRetries = 8, recorder);
        var name = "idem-" + Guid.NewGuid().ToString("N")[..8];

        // Use up the burst so that the POST is throttled at least once.
        var reads = 0;
        while (recorder.Attempts.All(a => a.Status != HttpStatusCode.TooManyRequests) && reads++ < 10)
        {
            try
            {
                await fixture.CreateClient(KeyedHostFixture.OperatorKey, o => o.MaxRetries = 0, recorder).Nodes.ListAsync();
            }
            catch (BareMetalOverloadedException)
            {
                // Expected once the bucket is empty.
            }
        }

        var node = await client.Nodes.CreateAsync(new NewNode { Driver = "fake-hardware", Name = name });

        var posts = recorder.Attempts.Where(a => a.Method == "POST").ToList();
        Assert.True(posts.Count >= 2, $"the POST was sent {posts.Count} time(s); expected a throttled attempt and a retry");
        Assert.Equal(HttpStatusCode.TooManyRequests, posts[0].Status);
        Assert.Single(posts.Select(p => p.IdempotencyKey).Distinct());
        Assert.NotNull(posts[0].IdempotencyKey);
        var page = await client.Nodes.ListAsync(new NodeListQuery { Search = name });
        Assert.Equal(node.Id, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task A_wrong_key_is_unauthorized_and_a_reader_may_not_enroll()
    {
        var stranger = fixture.CreateClient("not-a-key-0123456789", o => o.MaxRetries = 8);
        var reader = fixture.CreateClient(KeyedHostFixture.ReaderKey, o => o.MaxRetries = 8);

        var unknown = await Assert.ThrowsAsync<BareMetalAuthException>(() => stranger.Nodes.ListAsync());
        var forbidden = await Assert.ThrowsAsync<BareMetalAuthException>(() => reader.Nodes.CreateAsync(new NewNode { Driver = "fake-hardware" }));

        Assert.False(unknown.IsForbidden);
        Assert.True(forbidden.IsForbidden);
    }
}
