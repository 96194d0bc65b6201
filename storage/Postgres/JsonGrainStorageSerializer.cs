using System.Text.Json;
using Orleans.Storage;
using RetentionActors.Grains;

namespace RetentionActors.Storage.Postgres;

/// <summary>
/// Grain state as plain JSON (no CLR type names), as the Orleans ADO.NET provider was told to write it into
/// <c>orleansstorage</c> before grain state moved to our own <c>grain_state</c>: the schema step that copies those
/// rows reads them as this UTF-8 JSON, and the upgrade test writes them with it.
/// </summary>
public sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, StorageJson.Options));

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(StorageJson.Options)!;
}
