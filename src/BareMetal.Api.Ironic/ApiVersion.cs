using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace BareMetal.Api.Ironic;

/// <summary>An Ironic API microversion ("1.N").</summary>
/// <param name="Minor">N, the minor version of major version 1.</param>
internal readonly record struct ApiVersion(int Minor) : IComparable<ApiVersion>
{
    /// <summary>The oldest version served.</summary>
    public static readonly ApiVersion Minimum = new(1);

    /// <summary>The newest version served (that of Ironic 21.4).</summary>
    public static readonly ApiVersion Maximum = new(82);

    /// <summary>The request header and the response header naming the version used.</summary>
    public const string Header = "X-OpenStack-Ironic-API-Version";

    /// <summary>The response header naming <see cref="Minimum"/>.</summary>
    public const string MinimumHeader = "X-OpenStack-Ironic-API-Minimum-Version";

    /// <summary>The response header naming <see cref="Maximum"/>.</summary>
    public const string MaximumHeader = "X-OpenStack-Ironic-API-Maximum-Version";

    /// <summary>Parses "1.N"; false for anything else (other majors included).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ApiVersion? version)
    {
        version = null;
        var parts = text?.Trim().Split('.');
        if (parts is not { Length: 2 } || parts[0] != "1"
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        version = new ApiVersion(minor);
        return true;
    }

    public bool IsAtLeast(int minor) => Minor >= minor;

    public int CompareTo(ApiVersion other) => Minor.CompareTo(other.Minor);

    public override string ToString() => "1." + Minor.ToString(CultureInfo.InvariantCulture);
}
