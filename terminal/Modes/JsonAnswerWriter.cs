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

    public void Write(DeskAnswer answer) => WriteLine(Serialize(answer));

    /// <summary>Writes the answer to a card read: one the silo did not answer is still a <c>card</c> line (<see cref="AnswerLine.OfCardRead"/>).</summary>
    public void WriteCardRead(DeskAnswer answer) => WriteLine(SerializeCardRead(answer));

    public void WriteLine(string json)
    {
        lock (_lock)
        {
            output.WriteLine(json);
            output.Flush();
        }
    }

    public static string Serialize(DeskAnswer answer) => JsonSerializer.Serialize(AnswerLine.Of(answer), Options);

    public static string SerializeCardRead(DeskAnswer answer) => JsonSerializer.Serialize(AnswerLine.OfCardRead(answer), Options);
}
