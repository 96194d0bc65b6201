using System.Text.Json;
using Orleans.Storage;
using RetentionActors.Grains;

namespace RetentionActors.Storage.Postgres;

/// <summary>
/// Grain state as plain JSON (no CLR type names), as the embedded store keeps it: renaming a state
/// class or moving it to another assembly does not orphan stored rows.
/// </summary>
public sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, StorageJson.Options));

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(StorageJson.Options)!;
}
