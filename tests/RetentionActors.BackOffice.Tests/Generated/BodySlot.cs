using System.Text.Json.Nodes;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// One place in a JSON body a generator can break: a property (present in the valid body or not), an array item or a
/// dictionary value. <see cref="RulePath"/> names it for <see cref="OperationSpec.Fields"/> (<c>tiers[].name</c>).
/// </summary>
public sealed record BodySlot(string RulePath, IReadOnlyList<object> Path, Schema Schema, bool Present, bool Required)
{
    private const string Placeholder = "FZ-SLOT-5e1d";

    /// <summary>Every slot of <paramref name="body"/> as <paramref name="schema"/> describes it, nested ones included.</summary>
    public static IReadOnlyList<BodySlot> Of(JsonNode? body, Schema schema)
    {
        var slots = new List<BodySlot>();
        Collect(body, schema, [], "", slots);
        return slots;
    }

    /// <summary>The body with this slot's value replaced by <paramref name="value"/>, written exactly as given.</summary>
    public string With(JsonNode body, Fragment value)
    {
        var copy = body.DeepClone();
        Set(copy, Path, JsonValue.Create(Placeholder));
        return copy.ToJsonString().Replace($"\"{Placeholder}\"", value.Json, StringComparison.Ordinal);
    }

    /// <summary>The body without this slot (a property removed).</summary>
    public string Without(JsonNode body)
    {
        var copy = body.DeepClone();
        ((JsonObject)Parent(copy, Path)).Remove((string)Path[^1]);
        return copy.ToJsonString();
    }

    public override string ToString() => RulePath;

    private static void Collect(JsonNode? node, Schema schema, List<object> path, string rulePath, List<BodySlot> slots)
    {
        switch (schema.Kind)
        {
            case SchemaKind.Object:
                var required = schema.Required;
                foreach (var (name, property) in schema.Properties)
                {
                    var present = node is JsonObject o && o.ContainsKey(name);
                    var propertyPath = new List<object>(path) { name };
                    var propertyRule = rulePath.Length == 0 ? name : $"{rulePath}.{name}";
                    slots.Add(new BodySlot(propertyRule, propertyPath, property, present, required.Contains(name)));
                    if (present)
                    {
                        Collect(node![name], property, propertyPath, propertyRule, slots);
                    }
                }
                break;
            case SchemaKind.Array when node is JsonArray array && schema.Element is { } item:
                for (var i = 0; i < array.Count; i++)
                {
                    var itemPath = new List<object>(path) { i };
                    slots.Add(new BodySlot(rulePath + "[]", itemPath, item, true, true));
                    Collect(array[i], item, itemPath, rulePath + "[]", slots);
                }
                break;
            case SchemaKind.Dictionary when node is JsonObject map && schema.Element is { } value:
                foreach (var key in map.Select(p => p.Key).ToList())
                {
                    var valuePath = new List<object>(path) { key };
                    slots.Add(new BodySlot(rulePath + "{}", valuePath, value, true, false));
                    Collect(map[key], value, valuePath, rulePath + "{}", slots);
                }
                break;
        }
    }

    private static JsonNode Parent(JsonNode root, IReadOnlyList<object> path)
    {
        var node = root;
        foreach (var step in path.Take(path.Count - 1))
        {
            node = step is int index ? node[index]! : node[(string)step]!;
        }
        return node;
    }

    private static void Set(JsonNode root, IReadOnlyList<object> path, JsonNode value)
    {
        var parent = Parent(root, path);
        if (path[^1] is int index)
        {
            parent[index] = value;
        }
        else
        {
            parent[(string)path[^1]] = value;
        }
    }
}
