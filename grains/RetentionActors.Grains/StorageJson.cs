using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetentionActors.Grains;

/// <summary>
/// How grains and stores keep grain state, campaign counters and event payloads as text: plain JSON, enums by name,
/// readable in SQL. The customer document and the answers kept for repeats have formats of their own (storage/Formats).
/// </summary>
public static class StorageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidOperationException($"Stored answer is not a {typeof(T).Name}.");
}
