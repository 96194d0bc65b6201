using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetentionActors.Grains.Tests.Golden.StoredFormats;

/// <summary>
/// The customer document and the answers stored for replay outlive the code that wrote them: a receipt retried months
/// later is answered from JSON written by an older build. Each folder here is a generation of that JSON, written by the
/// code of its day from <see cref="StoredFormatSamples"/>, and never edited afterwards. Every generation must read back
/// with nothing lost (a renamed or retyped property drops its value and fails here); today's writer must write exactly
/// the newest generation, so a change of format is a decision: add a folder (run once with
/// <c>WRITE_STORED_FORMATS=&lt;yyyy-MM&gt;</c> to write it), keep the old ones, and make the reader take both.
/// </summary>
public sealed class StoredFormatGoldenTests
{
    // Read from the copy next to the tests; written into the source tree.
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Golden", "StoredFormats");

    public static TheoryData<string, string> Files() =>
        [.. Generations().SelectMany(generation => StoredFormatSamples.All.Keys.Select(name => (generation, name)))
            .Where(x => File.Exists(PathOf(x.generation, x.name)))];

    [Theory]
    [MemberData(nameof(Files))]
    public void A_stored_record_of_every_generation_reads_back_with_nothing_lost(string generation, string name)
    {
        var stored = File.ReadAllText(PathOf(generation, name));
        var type = StoredFormatSamples.All[name].Type;

        var read = JsonSerializer.Deserialize(stored, type, StorageJson.Options)!;
        var writtenAgain = JsonNode.Parse(JsonSerializer.Serialize(read, type, StorageJson.Options))!;

        // What an old file holds must survive a read; what later code added may appear with its default.
        var lost = Lost(JsonNode.Parse(stored)!, writtenAgain, "$");
        Assert.True(lost.Count == 0, $"{generation}/{name}.json lost on reading: {string.Join(", ", lost)}");
    }

    [Fact]
    public void Todays_code_writes_the_newest_generation()
    {
        if (Environment.GetEnvironmentVariable("WRITE_STORED_FORMATS") is { Length: > 0 } generation)
        {
            Write(generation);
            Assert.Fail($"Wrote {Path.Combine(SourceFolder(), generation)}: check it, commit it, and run again without WRITE_STORED_FORMATS.");
        }
        var newest = Generations().Last();
        foreach (var (name, (value, type)) in StoredFormatSamples.All)
        {
            var golden = JsonNode.Parse(File.ReadAllText(PathOf(newest, name)));
            var today = JsonNode.Parse(JsonSerializer.Serialize(value, type, StorageJson.Options));
            Assert.True(JsonNode.DeepEquals(golden, today),
                $"Today's code writes {name} unlike {newest}/{name}.json:\n{today}\nA new stored format needs a new generation (see this class's summary).");
        }
    }

    private static List<string> Lost(JsonNode stored, JsonNode read, string path)
    {
        if (stored is JsonObject storedObject && read is JsonObject readObject)
        {
            return [.. storedObject.SelectMany(p => readObject.TryGetPropertyValue(p.Key, out var value) && value is not null
                ? Lost(p.Value!, value, $"{path}.{p.Key}")
                : p.Value is null ? [] : [$"{path}.{p.Key}"])];
        }
        return JsonNode.DeepEquals(stored, read) ? [] : [$"{path} ({stored.ToJsonString()} read as {read.ToJsonString()})"];
    }

    private static void Write(string generation)
    {
        var folder = Path.Combine(SourceFolder(), generation);
        Directory.CreateDirectory(folder);
        var indented = new JsonSerializerOptions(StorageJson.Options) { WriteIndented = true };
        foreach (var (name, (value, type)) in StoredFormatSamples.All)
        {
            File.WriteAllText(Path.Combine(folder, name + ".json"), JsonSerializer.Serialize(value, type, indented) + "\n");
        }
    }

    // Generations are folders named by year and month, so they sort in order.
    private static IEnumerable<string> Generations() =>
        Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Where(n => n.Length == 7 && n[4] == '-').Order(StringComparer.Ordinal);

    private static string PathOf(string generation, string name) => Path.Combine(Root, generation, name + ".json");

    private static string SourceFolder([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
