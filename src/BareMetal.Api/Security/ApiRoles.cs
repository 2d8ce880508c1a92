namespace BareMetal.Api.Security;

/// <summary>
/// The roles an API key grants, each including the ones below it: admin &gt; operator &gt; reader. The names are
/// also the names of the authorization policies (<see cref="Reader"/>, <see cref="Operator"/>, <see cref="Admin"/>).
/// </summary>
public static class ApiRoles
{
    /// <summary>Reads nodes, operations, events and webhooks.</summary>
    public const string Reader = "reader";

    /// <summary>Also enrolls, edits and acts on nodes, cancels operations and registers webhooks.</summary>
    public const string Operator = "operator";

    /// <summary>Also deletes nodes and webhook subscriptions.</summary>
    public const string Admin = "admin";

    /// <summary>The rank of a role (reader 1, operator 2, admin 3).</summary>
    public static bool TryParse(string? role, out int rank)
    {
        rank = role?.ToLowerInvariant() switch
        {
            Reader => 1,
            Operator => 2,
            Admin => 3,
            _ => 0,
        };
        return rank > 0;
    }

    /// <summary>The roles a principal with <paramref name="role"/> holds: the role itself and those below it.</summary>
    public static IReadOnlyList<string> Implied(string role)
    {
        TryParse(role, out var rank);
        return rank switch
        {
            3 => [Admin, Operator, Reader],
            2 => [Operator, Reader],
            1 => [Reader],
            _ => [],
        };
    }
}
