using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetentionActors.Grains;

/// <summary>How grains and stores keep records as text: plain JSON, enums by name, readable in SQL.</summary>
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
