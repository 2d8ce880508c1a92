namespace BareMetal.Api.Ironic;

/// <summary>The <c>Openstack-Request-Id</c> of an answer: "req-" and a version 4 UUID, as Ironic writes it.</summary>
internal static class RequestIds
{
    /// <summary>The response header.</summary>
    public const string HeaderName = "Openstack-Request-Id";

    /// <summary>
    /// A new request id. Its UUID comes from a fast pseudo-random source rather than <see cref="Guid.NewGuid"/>: it only
    /// has to tell requests apart in logs, not be unguessable, and every answer carries one.
    /// </summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        // Version 4 and the RFC 4122 variant (the Guid constructor reads the first three fields little-endian).
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return "req-" + new Guid(bytes).ToString("D");
    }
}
