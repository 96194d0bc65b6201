using System.Text.Json;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>One schema of the OpenAPI document, <c>$ref</c>s followed: its kind, whether null is allowed, its parts.</summary>
public sealed class Schema
{
    private readonly JsonElement _schema;
    private readonly JsonElement _components;

    public Schema(JsonElement schema, JsonElement components)
    {
        _components = components;
        while (schema.TryGetProperty("$ref", out var reference))
        {
            schema = components.GetProperty(reference.GetString()!.Split('/')[^1]);
        }
        _schema = schema;
        var types = !schema.TryGetProperty("type", out var type) ? []
            : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray()
            : [type.GetString()!];
        Nullable = types.Contains("null");
        Format = schema.TryGetProperty("format", out var format) ? format.GetString() : null;
        Kind = schema.TryGetProperty("enum", out _) ? SchemaKind.Enum
            // additionalProperties: false is a record that takes no other field; a schema there is a dictionary's values.
            : types.Contains("object") && schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object ? SchemaKind.Dictionary
            : types.Contains("object") || schema.TryGetProperty("properties", out _) ? SchemaKind.Object
            : types.Contains("array") ? SchemaKind.Array
            : types.Contains("integer") ? SchemaKind.Integer
            : types.Contains("number") ? SchemaKind.Number
            : types.Contains("boolean") ? SchemaKind.Boolean
            : types.Contains("string") && Format == "date-time" ? SchemaKind.DateTime
            : types.Contains("string") ? SchemaKind.String
            : SchemaKind.Unknown;
    }

    public SchemaKind Kind { get; }

    /// <summary>Whether <c>null</c> is a value it takes.</summary>
    public bool Nullable { get; }

    public string? Format { get; }

    public IReadOnlyList<string> EnumValues => _schema.TryGetProperty("enum", out var values) ? [.. values.EnumerateArray().Select(v => v.ToString())] : [];

    public IReadOnlyDictionary<string, Schema> Properties => !_schema.TryGetProperty("properties", out var properties) ? new Dictionary<string, Schema>()
        : properties.EnumerateObject().ToDictionary(p => p.Name, p => new Schema(p.Value, _components), StringComparer.Ordinal);

    public IReadOnlyList<string> Required => _schema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => r.GetString()!)] : [];

    /// <summary>The schema of an array's items or a dictionary's values.</summary>
    public Schema? Element =>
        _schema.TryGetProperty("items", out var items) ? new Schema(items, _components)
        : _schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object ? new Schema(values, _components)
        : null;

    public override string ToString() => Kind + (Nullable ? "?" : "");
}
