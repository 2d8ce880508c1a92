namespace BareMetal.Runtime.Cluster;

/// <summary>A membership entry with its row version, as read from the table.</summary>
public sealed record MembershipRow(MembershipEntry Entry, string ETag);
