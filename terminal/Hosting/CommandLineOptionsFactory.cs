using Microsoft.Extensions.Options;

namespace RetentionActors.Terminal.Hosting;

/// <summary>
/// Makes <see cref="TerminalOptions"/> from the parsed command line, with store and till taken from the credential when
/// not given; the registered validators then check it (at start, see <see cref="TerminalServices"/>). A credential for
/// another store or till is left out here, and <see cref="TerminalOptionsValidator"/> refuses it.
/// </summary>
public sealed class CommandLineOptionsFactory(TerminalOptions commandLine, FoundCredential found,
    IEnumerable<IConfigureOptions<TerminalOptions>> setups, IEnumerable<IPostConfigureOptions<TerminalOptions>> postConfigures,
    IEnumerable<IValidateOptions<TerminalOptions>> validations)
    : OptionsFactory<TerminalOptions>(setups, postConfigures, validations)
{
    protected override TerminalOptions CreateInstance(string name) =>
        commandLine.TryAdopt(found.Credential, out var adopted, out _) ? adopted : commandLine;
}
