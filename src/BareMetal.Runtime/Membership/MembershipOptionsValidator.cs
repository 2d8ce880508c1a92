using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Membership;

/// <summary>Validates <see cref="MembershipOptions"/> at start; each failure names the setting.</summary>
internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    private const string Type = nameof(MembershipOptions);

    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string?>
        {
            Positive(options.ProbePeriod, nameof(MembershipOptions.ProbePeriod)),
            Positive(options.ProbeTimeout, nameof(MembershipOptions.ProbeTimeout)),
            AtLeastOne(options.MissedProbesLimit, nameof(MembershipOptions.MissedProbesLimit)),
            AtLeastOne(options.VotesNeededToDeclareDead, nameof(MembershipOptions.VotesNeededToDeclareDead)),
            Positive(options.VoteExpiration, nameof(MembershipOptions.VoteExpiration)),
            Positive(options.IAmAlivePeriod, nameof(MembershipOptions.IAmAlivePeriod)),
            Positive(options.TableRefreshPeriod, nameof(MembershipOptions.TableRefreshPeriod)),
            Positive(options.DeathByHeartbeatAge, nameof(MembershipOptions.DeathByHeartbeatAge)),
            Positive(options.DefunctSiloCleanupAge, nameof(MembershipOptions.DefunctSiloCleanupAge)),

            // A silo that heartbeats on time must never look dead by age between two heartbeats.
            options.DeathByHeartbeatAge > options.IAmAlivePeriod
                ? null
                : $"{Type}.{nameof(MembershipOptions.DeathByHeartbeatAge)} ({options.DeathByHeartbeatAge}) must be greater than {Type}.{nameof(MembershipOptions.IAmAlivePeriod)} ({options.IAmAlivePeriod}).",

            // A vote must outlive a probe period, or a second voter can never join the first.
            options.VoteExpiration > options.ProbePeriod
                ? null
                : $"{Type}.{nameof(MembershipOptions.VoteExpiration)} ({options.VoteExpiration}) must be greater than {Type}.{nameof(MembershipOptions.ProbePeriod)} ({options.ProbePeriod}).",

            // Rows must stay long enough for every silo to see the death before they disappear.
            options.DefunctSiloCleanupAge > options.DeathByHeartbeatAge
                ? null
                : $"{Type}.{nameof(MembershipOptions.DefunctSiloCleanupAge)} ({options.DefunctSiloCleanupAge}) must be greater than {Type}.{nameof(MembershipOptions.DeathByHeartbeatAge)} ({options.DeathByHeartbeatAge}).",
        };

        var messages = failures.OfType<string>().ToList();
        return messages.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(messages);
    }

    private static string? Positive(TimeSpan value, string property) =>
        value > TimeSpan.Zero ? null : $"{Type}.{property} must be positive (was {value}).";

    private static string? AtLeastOne(int value, string property) =>
        value >= 1 ? null : $"{Type}.{property} must be at least 1 (was {value}).";
}
