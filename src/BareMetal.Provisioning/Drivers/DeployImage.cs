namespace BareMetal.Provisioning.Drivers;

/// <summary>An image to write to a node (Ironic's instance_info image_source and checksum).</summary>
/// <param name="Source">Where the image is fetched from (URL or image service id).</param>
/// <param name="Checksum">The expected checksum, when known.</param>
public sealed record DeployImage(string Source, string? Checksum = null);
