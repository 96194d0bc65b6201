using RetentionActors.Terminal.Checkout;

namespace RetentionActors.Terminal.Hosting;

/// <summary>The terminal's credential as found at start (<c>--credential</c>, the environment, or the local one), or none.</summary>
public sealed record FoundCredential(TerminalCredential? Credential)
{
    /// <exception cref="IOException">The file named by <c>--credential</c> is missing or unreadable.</exception>
    public static FoundCredential For(TerminalOptions commandLine) =>
        new(TerminalCredential.Find(commandLine.CredentialPath, commandLine.LocalCredentialPath));
}
