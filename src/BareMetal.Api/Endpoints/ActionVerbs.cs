using System.Collections.Frozen;
using BareMetal.Contracts.Operations;

namespace BareMetal.Api.Endpoints;

/// <summary>The actions by their wire names (power-on, deploy, ...), any case, looked up without listing them each time.</summary>
internal static class ActionVerbs
{
    private static readonly FrozenDictionary<string, OperationAction> s_byName =
        Enum.GetValues<OperationAction>().ToFrozenDictionary(a => a.ToWireName(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The action named <paramref name="verb"/>.</summary>
    public static bool TryParse(string verb, out OperationAction action) => s_byName.TryGetValue(verb, out action);
}
