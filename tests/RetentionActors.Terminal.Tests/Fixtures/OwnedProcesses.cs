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

    /// <summary>Something to stop, as a function.</summary>
    public void Add(Func<ValueTask> stop) => _owned.Add(new Stopping(stop));

    /// <summary>Stops everything, even when something fails to stop (which is reported after the rest is stopped).</summary>
    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            try
            {
                await owned.DisposeAsync();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the OS cleans temp folders.
        }
        if (failures.Count > 0)
        {
            throw new AggregateException("Stopping what the test started failed", failures);
        }
    }

    private sealed class Stopping(Func<ValueTask> stop) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => stop();
    }
}
