using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Api.Models;

/// <summary>Operations as the API shows them.</summary>
public static class OperationResources
{
    /// <summary><paramref name="view"/> with secret parameters (rescue_password, ...) masked.</summary>
    public static OperationView Masked(OperationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Parameters.Keys.Any(NodeSecrets.IsSecret) ? view with { Parameters = NodeSecrets.Masked(view.Parameters) } : view;
    }

    /// <summary>The API path of an operation.</summary>
    public static string Location(string operationId) => "/api/operations/" + Uri.EscapeDataString(operationId);
}
