namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>A generated history file: what is wrong with it, its text, and the line numbers of its data rows (each broken).</summary>
public sealed record ImportCase(string Defect, string Csv, IReadOnlyList<int> RowLines)
{
    public override string ToString() => Defect;
}
