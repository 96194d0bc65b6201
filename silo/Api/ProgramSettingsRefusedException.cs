using RetentionActors.Contracts;
using RetentionActors.Domain;

namespace RetentionActors.Silo.Api;

/// <summary>
/// The engine's refusal of program settings, as it gave it (message and field), with each problem and the field it
/// concerns: <see cref="BadRequestExceptionHandler"/> answers both, so a form can show every problem beside its field.
/// </summary>
public sealed class ProgramSettingsRefusedException(InvalidRequestException refusal, IReadOnlyList<ProgramProblem> problems)
    : ArgumentException(refusal.Message, refusal)
{
    public override string ParamName => refusal.Field;

    public IReadOnlyList<ProgramProblem> Problems => problems;
}
