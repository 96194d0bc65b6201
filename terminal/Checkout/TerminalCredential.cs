using System.Text;
using System.Text.Json;

namespace RetentionActors.Terminal.Checkout;

/// <summary>
/// This terminal's credential: a token the cluster signed for one store's till or kiosk, read from a file
/// (<c>--credential</c>, or the embedded silo's local file) or from <c>RETENTION_CREDENTIAL</c>. It is
/// never taken from the command line. A file is read again when it changes, so a rotated credential
/// takes effect without a restart. The store, till and role shown here are read from the token for
/// display and defaults; the silo checks the token itself on every call.
/// </summary>
public sealed class TerminalCredential
{
    public const string Variable = "RETENTION_CREDENTIAL";

    private readonly string? _path;
    private readonly Lock _lock = new();
    private DateTime _readAt;
    private DateTime _lastCheck;

    private TerminalCredential(string token, string? path)
    {
        _path = path;
        Token = token;
        (StoreId, TerminalId, Role) = Describe(token);
        _readAt = path is null ? default : File.GetLastWriteTimeUtc(path);
        _lastCheck = DateTime.UtcNow;
    }

    /// <summary>Where the token came from, for people: a file path or the variable's name.</summary>
    public string Source => _path ?? Variable;

    public string? StoreId { get; private set; }

    public string? TerminalId { get; private set; }

    public string? Role { get; private set; }

    /// <summary>The token, re-read from its file at most once a second when the file changed.</summary>
    public string Token
    {
        get
        {
            if (_path is not null && DateTime.UtcNow - _lastCheck > TimeSpan.FromSeconds(1))
            {
                Reload();
            }
            return field;
        }
        private set;
    }

    /// <summary>From <paramref name="path"/> when given (it must exist), else the variable, else <paramref name="localFile"/> when it exists; null when there is none.</summary>
    public static TerminalCredential? Find(string? path, string localFile)
    {
        if (path is not null)
        {
            return File.Exists(path)
                ? new TerminalCredential(ReadToken(path), Path.GetFullPath(path))
                : throw new FileNotFoundException($"--credential {path}: no such file.");
        }
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } token)
        {
            return new TerminalCredential(token.Trim(), null);
        }
        return File.Exists(localFile) ? new TerminalCredential(ReadToken(localFile), localFile) : null;
    }

    private void Reload()
    {
        lock (_lock)
        {
            _lastCheck = DateTime.UtcNow;
            try
            {
                var written = File.GetLastWriteTimeUtc(_path!);
                if (written != _readAt && ReadToken(_path!) is { Length: > 0 } token)
                {
                    (Token, _readAt) = (token, written);
                    (StoreId, TerminalId, Role) = Describe(token);
                }
            }
            catch (IOException)
            {
                // Being replaced right now: keep the token we have and look again in a second.
            }
        }
    }

    private static string ReadToken(string path) => File.ReadAllText(path).Trim();

    // The token's middle part is its claims as base64url JSON; an unreadable one just leaves them unknown.
    private static (string? Store, string? Terminal, string? Role) Describe(string token)
    {
        try
        {
            var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')));
            using var claims = JsonDocument.Parse(json);
            string? Claim(string name) => claims.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return (Claim("store"), Claim("terminal"), Claim("role"));
        }
        catch (Exception e) when (e is FormatException or JsonException or IndexOutOfRangeException)
        {
            return (null, null, null);
        }
    }
}
