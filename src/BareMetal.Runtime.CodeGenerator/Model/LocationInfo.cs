using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BareMetal.Runtime.CodeGenerator.Model;

/// <summary>
/// A source location reduced to values, so diagnostics can travel through the incremental pipeline
/// without holding on to syntax trees (which would defeat caching).
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
