namespace BareMetal.Runtime.Messaging;

/// <summary>The <see cref="Exception.Data"/> key under which a grain exception carries the id of the grain that threw it.</summary>
internal static class GrainIdData
{
    public const string Key = "BareMetal.GrainId";
}
