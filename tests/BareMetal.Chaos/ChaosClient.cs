using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BareMetal.Chaos;

/// <summary>
/// One demanding API user: reads a random node, asks for an action with an Idempotency-Key, and retries with the same
/// key after a timeout, a 503, a 429 or a 409 "key in progress" (honouring Retry-After), until it gets an answer or
/// the retry window passes. Now and then it sends the same action twice at once (duplicates), two contradicting
/// actions at once, replays a key that was already answered, or cancels an operation that was queued.
/// </summary>
public sealed class ChaosClient(ChaosApi api, IReadOnlyList<string> nodeIds, ChaosOptions options, int seed)
{
    private static readonly TimeSpan s_longestRetryPause = TimeSpan.FromSeconds(5);
    private readonly Random _random = new(seed);

    /// <summary>Sends requests until <paramref name="stop"/> is cancelled; requests in flight finish their retries.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var nodeId = nodeIds[_random.Next(nodeIds.Count)];
            var (_, node) = await api.SendAsync(HttpMethod.Get, $"api/nodes/{nodeId}");
            var state = node?["provisionState"]?.GetValueKind() == JsonValueKind.String ? (string?)node["provisionState"] : null;
            var maintenance = node?["maintenance"]?.GetValueKind() == JsonValueKind.True;
            var verb = NodeActions.Choose(state, maintenance, _random);
            var roll = _random.NextDouble();
            if (roll < 0.10)
            {
                await Task.WhenAll(ActAsync(nodeId, verb), ActAsync(nodeId, verb));
            }
            else if (roll < 0.17)
            {
                await Task.WhenAll(ActAsync(nodeId, verb), ActAsync(nodeId, NodeActions.Contradicting(verb)));
            }
            else
            {
                await ActAsync(nodeId, verb);
            }

            try
            {
                // Think time between a user's requests keeps the load at what two shared cores can carry.
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(100, 500)), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ActAsync(string nodeId, string verb)
    {
        var key = $"chaos-{Guid.NewGuid():N}";
        var path = $"api/nodes/{nodeId}/actions/{verb}";
        var (call, body) = await SendWithRetriesAsync(HttpMethod.Post, path, NodeActions.Body(verb), key);
        if (call.Status != 202 || call.OperationId is null)
        {
            return;
        }

        var status = body?["operation"]?["status"]?.GetValueKind() == JsonValueKind.String ? (string?)body["operation"]!["status"] : null;
        var roll = _random.NextDouble();
        if (status == "queued" && roll < 0.3)
        {
            await SendWithRetriesAsync(HttpMethod.Post, $"api/operations/{call.OperationId}/cancel?reason=chaos", null, $"chaos-{Guid.NewGuid():N}");
        }
        else if (roll < 0.4)
        {
            // A client that lost the answer sends the same request again: it must get the same operation.
            await SendWithRetriesAsync(HttpMethod.Post, path, NodeActions.Body(verb), key);
        }
    }

    private async Task<(ApiCall Call, JsonNode? Body)> SendWithRetriesAsync(HttpMethod method, string path, JsonObject? body, string key)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            var (call, answer) = await api.SendAsync(method, path, body?.DeepClone(), key);
            var again = call.Unanswered || call.Status is 503 or 429 or 500 || (call.Status == 409 && call.Problem == "idempotency-key-in-progress");
            if (!again || DateTime.UtcNow - started > options.RetryWindow)
            {
                return (call, answer);
            }

            await Task.Delay(Pause(answer));
        }
    }

    private TimeSpan Pause(JsonNode? answer)
    {
        var seconds = answer?["retryAfterSeconds"]?.GetValueKind() == JsonValueKind.Number ? (double)answer["retryAfterSeconds"]! : 0.5;
        var pause = TimeSpan.FromSeconds(Math.Clamp(seconds, 0.2, s_longestRetryPause.TotalSeconds));
        return pause + TimeSpan.FromMilliseconds(_random.Next(0, 200));
    }

    /// <summary>Enrolls <paramref name="count"/> simulated nodes named chaos-0001...; their ids.</summary>
    public static async Task<IReadOnlyList<string>> EnrollAsync(ChaosApi api, int count)
    {
        ArgumentNullException.ThrowIfNull(api);
        var ids = new string[count];
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"chaos-{i + 1:0000}");
                for (var attempt = 1; ; attempt++)
                {
                    var (call, node) = await api.SendAsync(HttpMethod.Post, "api/nodes", new JsonObject { ["name"] = name, ["driver"] = "fake-hardware" });
                    if (call.Status == 201 && node?["id"] is JsonValue id)
                    {
                        ids[i] = (string)id!;
                        return;
                    }

                    if (call.Status == 409)
                    {
                        // An earlier attempt that timed out enrolled it after all.
                        var (_, existing) = await api.SendAsync(HttpMethod.Get, $"api/nodes/{name}");
                        if (existing?["id"] is JsonValue existingId)
                        {
                            ids[i] = (string)existingId!;
                            return;
                        }
                    }

                    if (attempt == 5)
                    {
                        throw new InvalidOperationException($"Enrolling {name} failed: {call.Status} {call.Problem}.");
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return ids;
    }
}
