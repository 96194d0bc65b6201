namespace RetentionActors.Tls;

/// <summary>
/// A certificate, certificate authority or password file that cannot be used. The message names the
/// file and says what to do; it never contains the password, so it can be printed and logged as it is.
/// </summary>
public sealed class TlsFileException(string message) : Exception(message);
