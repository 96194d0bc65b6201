using System.Globalization;

namespace RetentionActors.BackOffice.Tests.Telemetry;

/// <summary>One scrape of <c>/metrics</c> in the Prometheus text format: its samples, by name and labels.</summary>
public sealed class PrometheusScrape(IReadOnlyList<PrometheusScrape.Sample> samples, string text)
{
    public sealed record Sample(string Name, string Labels, double Value);

    public IReadOnlyList<Sample> Samples => samples;

    public string Text => text;

    /// <summary>The names of every sample (a histogram's _bucket, _sum and _count each).</summary>
    public IReadOnlySet<string> Names => samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels contain every one of <paramref name="labels"/> (<c>reason="NotEnrolled"</c>).</summary>
    public double Sum(string name, params string[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal))).Sum(s => s.Value);

    // What a failed wait shows: our own samples.
    public override string ToString() =>
        string.Join("; ", samples.Where(s => s.Name.StartsWith("retention_", StringComparison.Ordinal)).Select(s => $"{s.Name}{s.Labels} {s.Value}"));

    public static async Task<PrometheusScrape> ReadAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET /metrics: {(int)response.StatusCode} {text}");
        return Parse(text);
    }

    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            // name{labels} value [timestamp]; label values never hold '}' in what the silo exports.
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var nameEnd = brace >= 0 && brace < space ? brace : space;
            var labelsEnd = brace >= 0 && brace < space ? line.IndexOf('}', brace) + 1 : nameEnd;
            var value = line[labelsEnd..].Trim().Split(' ')[0];
            // +Inf and -Inf are Prometheus' spellings, not .NET's: they count as not a number here.
            var number = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN;
            samples.Add(new Sample(line[..nameEnd], line[nameEnd..labelsEnd], number));
        }
        return new PrometheusScrape(samples, text);
    }
}
