using BareMetal.Provisioning.Fleet;

namespace BareMetal.Provisioning.Tests.Fleet;

public sealed class FleetOptionsTests
{
    [Fact]
    public void A_negative_written_tail_of_finished_operations_is_refused_naming_the_setting()
    {
        var result = new FleetOptionsValidator().Validate(null, new FleetOptions { PersistedFinishedOperationsPerShard = -1 });

        Assert.True(result.Failed);
        Assert.Contains("BareMetal:Fleet:PersistedFinishedOperationsPerShard must not be negative (was -1)", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5000)]
    public void No_written_tail_or_one_longer_than_memory_keeps_is_accepted(int written)
    {
        // 0 writes unfinished operations only; a tail longer than what memory keeps is simply all of it.
        var result = new FleetOptionsValidator().Validate(null, new FleetOptions { PersistedFinishedOperationsPerShard = written });

        Assert.True(result.Succeeded, result.FailureMessage);
    }
}
