using System.Globalization;
using System.Text;

namespace BareMetal.Contracts.Fleet;

/// <summary>
/// The opaque cursors of <see cref="NodePage"/> and <see cref="OperationPage"/>: the sort key (a timestamp and an
/// id) of the last item of a page, so the next page starts strictly after it whatever changed in between.
/// </summary>
public static class NodeCursor
{
    /// <summary>The cursor after the item sorted by (<paramref name="at"/>, <paramref name="id"/>).</summary>
    public static string Encode(DateTimeOffset at, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var text = at.UtcTicks.ToString(CultureInfo.InvariantCulture) + ":" + id;
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a cursor; false when it was not made by <see cref="Encode"/>.</summary>
    public static bool TryDecode(string cursor, out DateTimeOffset at, out string id)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        at = default;
        id = string.Empty;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon < text.Length - 1
                && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks)
            {
                at = new DateTimeOffset(ticks, TimeSpan.Zero);
                id = text[(colon + 1)..];
                return true;
            }
        }
        catch (FormatException)
        {
            // Not base64: not one of ours.
        }

        return false;
    }
}
