namespace BareMetal.Provisioning.Drivers;

/// <summary>Management of a node through its BMC, beyond power.</summary>
public interface IManagementInterface
{
    /// <summary>
    /// Checks that the driver can manage the node: required driver_info present, credentials accepted.
    /// Failure messages name the missing or rejected keys, never their values.
    /// </summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>How the validation ended.</returns>
    Task<DriverStepResult> ValidateAsync(NodeDriverContext context, CancellationToken cancellationToken);
}
