namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>
/// What a process test started (silos, terminals, pseudo-terminals, simulators) and the data folder they share:
/// stopped in reverse order and the folder removed when the test ends.
/// </summary>
public sealed class OwnedProcesses(string folderPrefix) : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public string DataFolder { get; } = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    public void Add(IAsyncDisposable owned) => _owned.Add(owned);

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the OS cleans temp folders.
        }
    }
}
