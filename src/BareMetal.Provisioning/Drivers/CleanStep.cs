namespace BareMetal.Provisioning.Drivers;

/// <summary>One step of a manual clean (Ironic's clean_steps entries).</summary>
/// <param name="Interface">The driver interface that runs it ("deploy", "raid", "bios", ...).</param>
/// <param name="Step">The step's name ("erase_devices", "delete_configuration", ...).</param>
public sealed record CleanStep(string Interface, string Step);
