using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BareMetal.Client.Json;

namespace BareMetal.Client.Http;

/// <summary>Reads the API's server-sent-event streams (one JSON document per event; comments are heartbeats).</summary>
internal static class ServerSentEvents
{
    public static async IAsyncEnumerable<(string EventType, JsonElement Data)> ReadAsync(
        ApiTransport transport,
        string path,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await transport.OpenStreamAsync(path, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            JsonElement data;
            try
            {
                data = JsonSerializer.Deserialize<JsonElement>(item.Data, ClientJson.Options);
            }
            catch (JsonException exception)
            {
                throw new BareMetalApiException($"The API sent an event '{item.EventType}' that is not JSON: {exception.Message}", exception);
            }

            yield return (item.EventType, data);
        }
    }
}
