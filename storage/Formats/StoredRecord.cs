using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetentionActors.Storage.Formats;

/// <summary>
/// What every stored record has: the version of its format, written first. Records written before formats had versions
/// (the 2026-12 generation of the golden files) have no such field and are format 1; format 2 is the same JSON with the
/// field. A later format adds a number here and a reading of the old ones beside it, never a change of an existing name.
/// </summary>
/// <remarks>
/// Stored records are never wire or domain types: each is mapped to and from its wire or domain record member by member
/// (<c>From</c>, <c>ToWire</c>/<c>ToDocument</c>), and every property carries its JSON name. A rename on the wire is then a
/// compile error in the mapping, and a rename here leaves the JSON as it was; only a changed <c>JsonPropertyName</c> changes
/// the format, which the golden files' tests catch (StoredFormatGoldenTests).
/// </remarks>
internal abstract record StoredRecord
{
    /// <summary>The format written today.</summary>
    public const int CurrentFormat = 2;

    /// <summary>Records without a version field: written before formats had versions (2026-12).</summary>
    public const int UnversionedFormat = 1;

    /// <summary>Web defaults as <c>StorageJson</c> had them when the format was the wire's: names compared case-insensitively on reading.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The format the record was written in; null in records written before formats had versions.</summary>
    [JsonPropertyName("format"), JsonPropertyOrder(-1)]
    public int? Format { get; init; }

    /// <summary>Reads a stored record, refusing one of a format this build does not know (written by a newer build).</summary>
    internal static T Read<T>(string json, string what) where T : StoredRecord
    {
        var record = JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidOperationException($"A stored {what} is empty (JSON null).");
        var format = record.Format ?? UnversionedFormat;
        if (format is < UnversionedFormat or > CurrentFormat)
        {
            throw new InvalidOperationException(
                $"A stored {what} is in format {format}, which this build does not read (it reads {UnversionedFormat} to {CurrentFormat}): run the build that wrote it, or a later one.");
        }
        return record;
    }

    /// <summary>The record's JSON in <see cref="CurrentFormat"/>.</summary>
    internal static string Write(StoredRecord record) => JsonSerializer.Serialize(record with { Format = CurrentFormat }, record.GetType(), Json);
}
