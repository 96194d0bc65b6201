using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using RetentionActors.Tests.Shared.Generated;

namespace RetentionActors.BackOffice.Tests.Generated;

public sealed partial class RequestGenerator
{
    // One field of the valid body broken: by type, by null, by absence, by an unknown or repeated name, or against its rule.
    private IEnumerable<(int, IGen<ApiRequest>)> FieldDefects(Schema schema)
    {
        var body = spec.Json!();
        var slots = BodySlot.Of(body, schema);
        var broken = new List<(int, IGen<ApiRequest>)>();
        if (slots.Count > 0)
        {
            broken.Add((8, Gen.OneOf<BodySlot>([.. slots]).SelectMany(slot => Gen.OneOf<Fragment>(WrongValues.For(slot.Schema)).Select(value =>
                Field($"{slot} = {value} (wrong type for {slot.Schema})", slot.With(spec.Json!(), value))))));
        }
        var notNullable = slots.Where(s => !s.Schema.Nullable).ToList();
        if (notNullable.Count > 0)
        {
            broken.Add((3, Gen.OneOf<BodySlot>([.. notNullable]).Select(slot => Field($"{slot} = null", slot.With(spec.Json!(), Fragment.Raw("null"))))));
        }
        var required = slots.Where(s => s.Present && s.Required && s.Path[^1] is string).ToList();
        if (required.Count > 0)
        {
            broken.Add((3, Gen.OneOf<BodySlot>([.. required]).Select(slot => Field($"{slot} missing", slot.Without(spec.Json!())))));
        }
        broken.Add((2, UnknownField(slots)));
        var repeatable = body is JsonObject root ? root.Select(p => p.Key).ToList() : [];
        if (repeatable.Count > 0)
        {
            broken.Add((1, Gen.Select(Gen.OneOf<string>([.. repeatable]), Gen.Bool, (name, upper) =>
            {
                var json = spec.Json!().ToJsonString();
                var repeated = upper ? name.ToUpperInvariant() : name;
                return Field($"{repeated} given twice", "{" + JsonSerializer.Serialize(repeated) + ":" + (spec.Json!()[name]?.ToJsonString() ?? "null") + "," + json[1..]);
            })));
        }
        var ruled = slots.Where(s => spec.Fields.TryGetValue(s.RulePath, out var rule) && rule.Invalid is not null).ToList();
        if (ruled.Count > 0)
        {
            broken.Add((16, Gen.OneOf<BodySlot>([.. ruled]).SelectMany(slot => spec.Fields[slot.RulePath].Invalid!.Select(value =>
                Field($"{slot} = {Shown.Text(value.Json, 60)} ({spec.Fields[slot.RulePath]})", slot.With(spec.Json!(), value))))));
        }
        return broken;
    }

    // A property the body's type does not have, at the top or in a nested object (not a dictionary: any key is a new entry there).
    private Gen<ApiRequest> UnknownField(IReadOnlyList<BodySlot> slots)
    {
        var objects = slots.Where(s => s.Present && s.Schema.Kind == SchemaKind.Object).Prepend(null).ToList();
        return Gen.Select(Gen.OneOf<BodySlot?>([.. objects]), Gen.OneOf<string>("fzUnknown", "$type", "__proto__", "valid_days", "Value2", ""), (slot, name) =>
        {
            var body = spec.Json!();
            var target = slot is null ? body : slot.Path.Aggregate(body, (node, step) => step is int index ? node[index]! : node[(string)step]!);
            if (target is not JsonObject o || o.ContainsKey(name))
            {
                return Field($"property {name}_ added at the top", "{" + JsonSerializer.Serialize(name + "_") + ":1," + body.ToJsonString()[1..]);
            }
            o[name] = 1;
            return Field($"unknown property {name} added at {slot?.RulePath ?? "the top"}", body.ToJsonString());
        });
    }

    private ApiRequest Field(string defect, string body) =>
        Request(defect, callers.Admin, operation.Method, PathWith(), ApiRequest.Utf8(body), "application/json", Refused);
}
