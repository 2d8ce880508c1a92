using Orleans.Serialization.Serializers;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Contracts.Orleans.Tests;

public sealed class ContractSerializationTests(OrleansSerializerFixture fixture) : IClassFixture<OrleansSerializerFixture>
{
    [Fact]
    public void Every_type_that_crosses_a_grain_interface_has_an_Orleans_codec_and_copier()
    {
        var codecs = fixture.Services.GetRequiredService<ICodecProvider>();
        var types = GrainContractTypes.Reachable();
        Assert.NotEmpty(types);
        var missing = types.Where(t => codecs.TryGetCodec(t) is null || codecs.TryGetDeepCopier(t) is null).Select(t => t.FullName).ToList();
        Assert.True(missing.Count == 0, "No Orleans codec or copier for: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_contract_exception_has_an_Orleans_codec()
    {
        var codecs = fixture.Services.GetRequiredService<ICodecProvider>();
        Assert.NotEmpty(GrainContractTypes.Exceptions);
        var missing = GrainContractTypes.Exceptions.Where(t => codecs.TryGetCodec(t) is null).Select(t => t.FullName).ToList();
        Assert.True(missing.Count == 0, "No Orleans codec for: " + string.Join(", ", missing));
    }
}
