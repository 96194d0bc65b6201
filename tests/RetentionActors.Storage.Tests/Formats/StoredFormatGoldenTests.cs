using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RetentionActors.Grains;
using RetentionActors.Grains.Storage;
using RetentionActors.Storage.Formats;

namespace RetentionActors.Storage.Tests.Formats;

/// <summary>
/// The customer document and the answers stored for replay outlive the code that wrote them: a receipt retried months
/// later is answered from JSON written by an older build. Each folder in Golden/ is a generation of that JSON, written by the
/// store's formats (storage/Formats, <see cref="CustomerFormats"/>) of its day from <see cref="StoredFormatSamples"/>, and
/// never edited afterwards. Every generation must read back with nothing lost (a renamed or retyped property drops its
/// value and fails here); today's writer must write exactly the newest generation, so a change of format is a decision:
/// give it a new format number (StoredRecord), make the reader take the old ones too, and add a folder (run once with
/// <c>WRITE_STORED_FORMATS=&lt;yyyy-MM&gt;[-suffix]</c> to write it).
/// </summary>
/// <remarks>
/// Generations: <c>2026-12</c>, the wire records' JSON as <c>StorageJson</c> wrote it, without a format field (format 1);
/// <c>2026-12-v2</c>, the store's own records, the same names with <c>"format": 2</c> first; <c>2026-12-v3</c>, still format 2,
/// the document with <c>referralCode</c> (a customer whose first referral code another customer held), which builds of
/// v2 read without it.
/// </remarks>
public sealed class StoredFormatGoldenTests
{
    // Read from the copy next to the tests; written into the source tree.
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Formats", "Golden");

    private static readonly JsonSerializerOptions Indented = new(StorageJson.Options) { WriteIndented = true };

    public static TheoryData<string, string> Files() =>
        [.. Generations().SelectMany(generation => StoredFormatSamples.All.Keys.Select(name => (generation, name)))
            .Where(x => File.Exists(PathOf(x.generation, x.name)))];

    [Theory]
    [MemberData(nameof(Files))]
    public void A_stored_record_of_every_generation_reads_back_with_nothing_lost(string generation, string name)
    {
        var stored = File.ReadAllText(PathOf(generation, name));

        var writtenAgain = JsonNode.Parse(Write(Read(name, stored)))!;

        // What an old file holds must survive a read; what later code added may appear with its default.
        var lost = Lost(JsonNode.Parse(stored)!, writtenAgain, "$");
        Assert.True(lost.Count == 0, $"{generation}/{name}.json lost on reading: {string.Join(", ", lost)}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_generation_reads_as_builds_before_the_stored_formats_read_it(string generation, string name)
    {
        // Until storage had its own records, the wire and domain records were read from the JSON as they are: a repeat
        // answered from a stored answer must be the same answer as then, and a build from before (a rollback) must read
        // today's records the same way.
        var stored = File.ReadAllText(PathOf(generation, name));
        var type = StoredFormatSamples.All[name].Type;

        var asBefore = JsonSerializer.Deserialize(stored, type, StorageJson.Options)!;

        Assert.Equal(Comparable(asBefore, type), Comparable(Read(name, stored), type));
    }

    [Fact]
    public void Todays_code_writes_the_newest_generation()
    {
        if (Environment.GetEnvironmentVariable("WRITE_STORED_FORMATS") is { Length: > 0 } generation)
        {
            WriteGeneration(generation);
            Assert.Fail($"Wrote {Path.Combine(SourceFolder(), "Golden", generation)}: check it, commit it, and run again without WRITE_STORED_FORMATS.");
        }
        var newest = Generations().Last();
        foreach (var (name, (value, _)) in StoredFormatSamples.All)
        {
            var golden = JsonNode.Parse(File.ReadAllText(PathOf(newest, name)));
            var today = JsonNode.Parse(Write(value));
            Assert.True(JsonNode.DeepEquals(golden, today),
                $"Today's code writes {name} unlike {newest}/{name}.json:\n{today}\nA new stored format needs a new generation (see this class's summary).");
            Assert.Equal(CustomerFormats.CurrentFormat, golden!["format"]!.GetValue<int>());
        }
    }

    [Fact]
    public void A_property_whose_stored_name_changed_loses_its_value_and_is_caught()
    {
        // What a rename would do to a receipt stored months ago: its JSON keeps the old name, which the reader no longer
        // knows. (A rename on the wire cannot do this: the stored records map wire members by name in C#, so a wire rename
        // is a compile error in storage/Formats; a rename of a stored record's member keeps its JsonPropertyName.)
        var stored = JsonNode.Parse(File.ReadAllText(PathOf(Generations().Last(), "answer-accrual")))!.AsObject();
        var renamed = stored.DeepClone().AsObject();
        renamed["earned"] = renamed["pointsEarned"]!.DeepClone();
        renamed.Remove("pointsEarned");

        var read = JsonNode.Parse(Write(Read("answer-accrual", renamed.ToJsonString())))!;

        Assert.Equal(["$.pointsEarned (125 read as 0)"], Lost(stored, read, "$"));
    }

    [Fact]
    public void Generations_sort_with_the_suffixed_one_after_its_month()
    {
        Assert.Equal(["2026-12", "2026-12-v2"], Generations().Take(2));
    }

    private static object Read(string name, string json) =>
        StoredFormatSamples.All[name].Type == typeof(CustomerDocument)
            ? CustomerFormats.ReadDocument(json)
            : CustomerFormats.ReadAnswer(OperationAnswer.KindOf(StoredFormatSamples.All[name].Type)!.Value, json).Value!;

    private static string Write(object value) =>
        value is CustomerDocument document ? CustomerFormats.WriteDocument(document) : CustomerFormats.WriteAnswer(OperationAnswer.OfAny(value));

    // Records compare lists by reference: compared by their JSON instead.
    private static string Comparable(object value, Type type) => JsonSerializer.Serialize(value, type, StorageJson.Options);

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

    private static void WriteGeneration(string generation)
    {
        var folder = Path.Combine(SourceFolder(), "Golden", generation);
        Directory.CreateDirectory(folder);
        foreach (var (name, (value, _)) in StoredFormatSamples.All)
        {
            File.WriteAllText(Path.Combine(folder, name + ".json"), JsonNode.Parse(Write(value))!.ToJsonString(Indented) + "\n");
        }
    }

    // Generations are folders named by year and month, with a suffix for a second one in a month ("2026-12-v2"), so they
    // sort in order by name (a suffix after v9 would need v10 to sort after it: use a new month instead).
    private static IEnumerable<string> Generations() =>
        Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>()
            .Where(n => Regex.IsMatch(n, @"^\d{4}-\d{2}(-v\d)?$")).Order(StringComparer.Ordinal);

    private static string PathOf(string generation, string name) => Path.Combine(Root, generation, name + ".json");

    private static string SourceFolder([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
