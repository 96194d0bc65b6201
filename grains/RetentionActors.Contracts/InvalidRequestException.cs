namespace RetentionActors.Contracts;

/// <summary>
/// A request that is malformed whatever the state: a missing id, a negative amount, garbage in a
/// field. Thrown before anything changes; <see cref="ParamName"/> names the field, also after the
/// exception has crossed the wire to a till.
/// </summary>
[GenerateSerializer, Alias("RetentionActors.Contracts.InvalidRequestException")]
public sealed class InvalidRequestException(string message, string field) : ArgumentException(message)
{
    [Id(0)]
    public string Field { get; } = field;

    public override string ParamName => Field;
}
