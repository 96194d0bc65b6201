namespace RetentionActors.Terminal.Tests.Generated;

/// <summary>A generated stdin line of the JSON protocol and what is wrong with it.</summary>
public sealed record JsonLine(string Defect, string Line)
{
    public override string ToString() => Defect;
}
