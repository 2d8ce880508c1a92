namespace BareMetal.Runtime.Tests.Grains;

public sealed record ServerProfile
{
    public string? Name { get; init; }

    public List<string> Tags { get; init; } = [];
}

public interface IProfileGrain : IGrainWithStringKey
{
    Task SetName(string name);

    Task<string?> GetName();

    Task<string?> GetEtag();

    Task<bool> RecordExists();

    Task Clear();

    Task Deactivate();
}

public sealed class ProfileGrain([PersistentState("profile")] IPersistentState<ServerProfile> profile) : Grain, IProfileGrain
{
    public async Task SetName(string name)
    {
        profile.State = profile.State with { Name = name };
        await profile.WriteStateAsync();
    }

    public Task<string?> GetName() => Task.FromResult(profile.State.Name);

    public Task<string?> GetEtag() => Task.FromResult(profile.Etag);

    public Task<bool> RecordExists() => Task.FromResult(profile.RecordExists);

    public Task Clear() => profile.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
