namespace BareMetal.Provisioning.Operations;

/// <summary>Operation ids: <c>op-</c> followed by a GUID in "N" format.</summary>
public static class OperationIds
{
    /// <summary>The prefix of every operation id.</summary>
    public const string Prefix = "op-";

    /// <summary>A new, unique operation id.</summary>
    public static string New() => Prefix + Guid.NewGuid().ToString("N");
}
