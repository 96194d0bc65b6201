using System.Globalization;
using System.Text.Json;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>
/// A value to put where a request expects one: as JSON in a body (<see cref="Json"/>, written out exactly, so
/// <c>1e30</c> or <c>9223372036854775808</c> reach the server as sent) and as text in a query string or path.
/// </summary>
public sealed record Fragment(string Json, string Text)
{
    public static Fragment Of(string text) => new(JsonSerializer.Serialize(text), text);

    /// <summary>A JSON number literal, written as given.</summary>
    public static Fragment Number(string literal) => new(literal, literal);

    public static Fragment Number(decimal value) => Number(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Raw JSON that has no text form (<c>true</c>, <c>{}</c>, <c>[1]</c>).</summary>
    public static Fragment Raw(string json) => new(json, json);

    public override string ToString() => Json;
}
