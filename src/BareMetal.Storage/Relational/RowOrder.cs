using BareMetal.Runtime;

namespace BareMetal.Storage.Relational;

/// <summary>
/// The one order in which a group's statements touch rows keyed by grain and name: every group of every silo locks
/// rows in this order, so two groups can wait for each other but never deadlock.
/// </summary>
internal static class RowOrder
{
    public static int Compare(GrainId x, string xName, GrainId y, string yName)
    {
        var byType = string.CompareOrdinal(x.Type, y.Type);
        if (byType != 0)
        {
            return byType;
        }

        var byKey = string.CompareOrdinal(x.Key, y.Key);
        return byKey != 0 ? byKey : string.CompareOrdinal(xName, yName);
    }
}
