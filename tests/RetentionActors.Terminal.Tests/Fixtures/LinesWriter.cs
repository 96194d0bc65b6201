using System.Text;
using System.Threading.Channels;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>A <see cref="TextWriter"/> whose every completed line can be awaited by a test.</summary>
public sealed class LinesWriter : TextWriter
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _current = new();
    private readonly List<string> _all = [];

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> All
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    public override void Write(char value)
    {
        lock (_all)
        {
            if (value == '\n')
            {
                var line = _current.ToString().TrimEnd('\r');
                _current.Clear();
                _all.Add(line);
                _lines.Writer.TryWrite(line);
            }
            else
            {
                _current.Append(value);
            }
        }
    }

    /// <summary>The next whole line, within the test deadline.</summary>
    public Task<string> NextAsync(string what, TimeSpan? limit = null) => _lines.Reader.ReadAsync(TestContext.Current.CancellationToken).Within(what, limit);

    /// <summary>Skips lines until one contains <paramref name="text"/>.</summary>
    public async Task<string> NextContainingAsync(string text, string what)
    {
        while (true)
        {
            var line = await NextAsync(what);
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }
}
