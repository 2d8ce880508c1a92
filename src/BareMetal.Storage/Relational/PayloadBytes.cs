using System.Runtime.InteropServices;

namespace BareMetal.Storage.Relational;

/// <summary>ADO.NET binds byte arrays; reuse the caller's array when the memory is exactly one.</summary>
internal static class PayloadBytes
{
    public static byte[] ToArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment)
        && segment.Array is { } array
        && segment.Offset == 0
        && segment.Count == array.Length
            ? array
            : payload.ToArray();
}
