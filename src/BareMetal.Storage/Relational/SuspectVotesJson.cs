using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BareMetal.Runtime.Cluster;

namespace BareMetal.Storage.Relational;

/// <summary>
/// The <c>suspicions</c> column: a JSON array of <c>{"voter":"host:port@generation","time":"…Z"}</c>,
/// written and read by hand (no reflection) so the stored format is exactly this and nothing else.
/// Times are UTC, truncated to microseconds like every other stored timestamp.
/// </summary>
internal static class SuspectVotesJson
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private static readonly JsonEncodedText VoterProperty = JsonEncodedText.Encode("voter");
    private static readonly JsonEncodedText TimeProperty = JsonEncodedText.Encode("time");

    public static string Write(IReadOnlyList<SuspectVote> votes)
    {
        if (votes.Count == 0)
        {
            return "[]";
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var vote in votes)
            {
                ArgumentNullException.ThrowIfNull(vote, nameof(votes));
                ArgumentNullException.ThrowIfNull(vote.Voter, nameof(votes));
                writer.WriteStartObject();
                writer.WriteString(VoterProperty, vote.Voter.ToString());
                writer.WriteString(TimeProperty, StorageTimestamps.Normalize(vote.Time).UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<SuspectVote> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var array = document.RootElement;
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("The suspicions column does not hold a JSON array.");
        }

        var votes = new List<SuspectVote>(array.GetArrayLength());
        foreach (var element in array.EnumerateArray())
        {
            var voter = element.GetProperty("voter").GetString() ?? throw new FormatException("A suspicion has a null voter.");
            var time = element.GetProperty("time").GetString() ?? throw new FormatException("A suspicion has a null time.");
            votes.Add(new SuspectVote(
                SiloAddress.Parse(voter),
                DateTimeOffset.ParseExact(time, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)));
        }

        return votes;
    }
}
