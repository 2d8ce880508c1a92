namespace BareMetal.Api.Ironic;

/// <summary>One field of Ironic's node document and the microversion that introduced it.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Since">The minor version from which it is shown.</param>
internal sealed record NodeField(string Name, int Since);
