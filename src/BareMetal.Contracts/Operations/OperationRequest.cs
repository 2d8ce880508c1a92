using System.Security.Cryptography;
using System.Text;
using BareMetal.Contracts.Webhooks;

namespace BareMetal.Contracts.Operations;

/// <summary>A request to run one action on one node.</summary>
/// <param name="NodeId">The node the action targets.</param>
/// <param name="Action">What to do.</param>
/// <param name="Parameters">Action arguments (image, clean steps, ...); none when null.</param>
/// <param name="IdempotencyKey">The client's key: the same key returns the same operation.</param>
/// <param name="RequestedBy">Who asked (user or service name).</param>
/// <param name="TraceId">The W3C trace id of the request that created the operation.</param>
[GenerateSerializer, Immutable, Alias("baremetal.OperationRequest")]
public sealed record OperationRequest(
    [property: Id(0)] string NodeId,
    [property: Id(1)] OperationAction Action,
    [property: Id(2)] IReadOnlyDictionary<string, string>? Parameters = null,
    [property: Id(3)] string? IdempotencyKey = null,
    [property: Id(4)] string? RequestedBy = null,
    [property: Id(5)] string? TraceId = null)
{
    /// <summary>A webhook told when the operation ends; part of the body (its URL is fingerprinted, not its secret).</summary>
    [Id(6)]
    public WebhookTarget? Callback { get; init; }

    /// <summary>
    /// A stable hash (lower-case hex SHA-256) of the body: node, action and parameters in ordinal key order.
    /// Who asked, the trace id and the key itself are not part of the body, so a retry from another trace
    /// still matches.
    /// </summary>
    public string Fingerprint()
    {
        var builder = new StringBuilder();
        Append(builder, NodeId);
        Append(builder, Action.ToWireName());
        Append(builder, Callback?.Url);
        if (Parameters is not null)
        {
            foreach (var (key, value) in Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Append(builder, key);
                Append(builder, value);
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    // Length-prefixing keeps ("ab", "c") and ("a", "bc") apart.
    private static void Append(StringBuilder builder, string? value)
    {
        value ??= string.Empty;
        builder.Append(value.Length).Append(':').Append(value).Append(';');
    }
}
