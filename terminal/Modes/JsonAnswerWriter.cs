using System.Text.Json;
using System.Text.Json.Serialization;
using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal.Modes;

/// <summary>Writes answers as JSON lines (camelCase, nulls left out), one whole line at a time from any thread.</summary>
public sealed class JsonAnswerWriter(TextWriter output)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The protocol is read by programs; keep apostrophes and accents readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Lock _lock = new();

    public void Write(DeskAnswer answer) => WriteLine(JsonSerializer.Serialize(answer, Options));

    public void WriteLine(string json)
    {
        lock (_lock)
        {
            output.WriteLine(json);
            output.Flush();
        }
    }

    public static string Serialize(DeskAnswer answer) => JsonSerializer.Serialize(answer, Options);
}
