using Microsoft.Extensions.Options;
using RetentionActors.Terminal.Readers;

namespace RetentionActors.Terminal.Hosting;

/// <summary>
/// What the command line's grammar cannot see: a reader or gateway address that names nothing, a credential issued to
/// another till. Each failure names the option and what to do. (The TLS files are checked as they are opened, at start.)
/// </summary>
public sealed class TerminalOptionsValidator(FoundCredential found) : IValidateOptions<TerminalOptions>
{
    public ValidateOptionsResult Validate(string? name, TerminalOptions options)
    {
        var failures = new List<string>();
        if (ReaderFactory.Problem(options.Reader) is { } reader)
        {
            failures.Add(reader);
        }
        failures.AddRange(options.Silos.Select(TerminalOptions.GatewayProblem).OfType<string>());
        if (!options.TryAdopt(found.Credential, out _, out var credential))
        {
            failures.Add(credential);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
