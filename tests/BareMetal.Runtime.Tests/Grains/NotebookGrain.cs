namespace BareMetal.Runtime.Tests.Grains;

/// <summary>Pages created at run time through <see cref="IPersistentStateFactory"/>, one state per page number.</summary>
public interface INotebookGrain : IGrainWithStringKey
{
    /// <summary>Writes the page without reading it first; answers the new ETag.</summary>
    Task<string?> WriteBlind(int page, string text);

    /// <summary>Reads the page, then writes it; answers the new ETag.</summary>
    Task<string?> ReadThenWrite(int page, string text);

    /// <summary>The page as this activation's state object holds it, and whether it was read.</summary>
    Task<(string? Text, bool RecordExists)> Peek(int page);

    Task<string?> Read(int page);
}

public sealed class NotebookGrain(IPersistentStateFactory states) : Grain, INotebookGrain
{
    private readonly Dictionary<int, IPersistentState<ServerProfile>> _pages = [];

    public async Task<string?> WriteBlind(int page, string text)
    {
        var state = Page(page);
        state.State = new ServerProfile { Name = text };
        await state.WriteStateAsync();
        return state.Etag;
    }

    public async Task<string?> ReadThenWrite(int page, string text)
    {
        var state = Page(page);
        await state.ReadStateAsync();
        state.State = new ServerProfile { Name = text };
        await state.WriteStateAsync();
        return state.Etag;
    }

    public Task<(string? Text, bool RecordExists)> Peek(int page) => Task.FromResult((Page(page).State.Name, Page(page).RecordExists));

    public async Task<string?> Read(int page)
    {
        var state = Page(page);
        await state.ReadStateAsync();
        return state.State.Name;
    }

    private IPersistentState<ServerProfile> Page(int page)
    {
        if (!_pages.TryGetValue(page, out var state))
        {
            state = states.Create<ServerProfile>(GrainContext, $"page-{page}");
            _pages[page] = state;
        }

        return state;
    }
}
