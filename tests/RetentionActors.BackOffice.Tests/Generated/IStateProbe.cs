namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>Reads what a generated request must not change.</summary>
public interface IStateProbe
{
    Task<StateSnapshot> ReadAsync();
}
