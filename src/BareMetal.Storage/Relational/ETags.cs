using System.Globalization;

namespace BareMetal.Storage.Relational;

/// <summary>ETags are the decimal string form of the row's integer version.</summary>
internal static class ETags
{
    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>False for anything this store could not have issued; such an ETag matches no row.</summary>
    public static bool TryParse(string eTag, out long version) =>
        long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out version);
}
