using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Npgsql;
using RetentionActors.Silo.Hosting;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace RetentionActors.Silo.Tests;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is checked against the silo's real options: a
/// variable the silo does not read, a silo that does not point at the database, a port that is not
/// the one it listens on, a secret on a command line or a gateway published without TLS fails here
/// instead of in a retailer's deployment.
/// </summary>
public sealed partial class DockerComposeTests
{
    private const string DatabasePasswordVariable = "RETENTION_PG_PASSWORD";
    private static readonly string Root = FindRoot();
    private static readonly Dictionary<object, object> Compose = Load();
    private static readonly Dictionary<object, object> Services = Map(Compose["services"]);
    private static readonly string[] SiloNames = ["silo1", "silo2"];

    [Fact]
    public void Compose_has_certificates_a_database_two_silos_and_a_terminal()
    {
        Assert.Equal(["certs", "postgres", "silo1", "silo2", "terminal"], Services.Keys.Cast<string>().Order());
        var postgres = Map(Services["postgres"]);
        Assert.Contains("pgdata:/var/lib/postgresql/data", List(postgres["volumes"]));
        Assert.Contains("pg_isready", string.Join(' ', List(Map(postgres["healthcheck"])["test"])));
        Assert.Equal(["certs", "pgdata"], Map(Compose["volumes"]).Keys.Cast<string>().Order());
    }

    [Theory]
    [InlineData("silo1", "8080")]
    [InlineData("silo2", "8081")]
    public void Each_silo_is_configured_only_with_options_the_silo_reads_and_points_at_the_database(string name, string dashboardPort)
    {
        var silo = Map(Services[name]);
        var environment = Environment(silo);
        var database = Map(Map(Services["postgres"])["environment"]);

        foreach (var variable in environment.Keys.Where(k => k.StartsWith("Silo__", StringComparison.Ordinal)))
        {
            Assert.NotNull(typeof(SiloOptions).GetProperty(variable["Silo__".Length..]));
        }
        foreach (var option in Command(silo).Where(a => a.StartsWith("--", StringComparison.Ordinal)))
        {
            Assert.True(SiloOptions.Switches.ContainsKey(option), $"{name}: the silo has no option {option}");
        }
        var connection = new NpgsqlConnectionStringBuilder(Interpolate(environment["Silo__Postgres"]));
        Assert.Equal(("postgres", 5432), (connection.Host, connection.Port));
        Assert.Equal((Interpolate((string)database["POSTGRES_USER"]), Interpolate((string)database["POSTGRES_PASSWORD"]), Interpolate((string)database["POSTGRES_DB"])),
            (connection.Username!, connection.Password!, connection.Database!));
        Assert.Equal("service_healthy", Map(Map(silo["depends_on"])["postgres"])["condition"]);
        Assert.Equal(".", silo["build"]);

        var listens = new Uri(environment["ASPNETCORE_URLS"].Replace("+", "localhost", StringComparison.Ordinal)).Port;
        Assert.Contains($"127.0.0.1:{dashboardPort}:{listens}", List(silo["ports"]));
        Assert.Contains(List(silo["ports"]), p => p.EndsWith($":{Settings(silo).GatewayPort}", StringComparison.Ordinal));
    }

    [Fact]
    public void The_database_password_is_not_written_in_the_file_but_taken_from_the_environment()
    {
        var database = Map(Map(Services["postgres"])["environment"]);

        Assert.Matches($@"^\$\{{{DatabasePasswordVariable}:\?[^}}]+\}}$", (string)database["POSTGRES_PASSWORD"]);
        foreach (var silo in SiloNames)
        {
            Assert.Contains($"Password=${{{DatabasePasswordVariable}:?", Environment(Map(Services[silo]))["Silo__Postgres"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_service_passes_a_secret_on_its_command_line()
    {
        foreach (var (name, service) in Services.Select(s => ((string)s.Key, Map(s.Value))))
        {
            string[] args = [.. Command(service), .. service.TryGetValue("entrypoint", out var entrypoint) ? List(entrypoint) : [],
                .. service.TryGetValue("healthcheck", out var check) ? List(Map(check)["test"]) : []];
            foreach (var arg in args)
            {
                Assert.False(arg is "--tls-password" || arg.StartsWith("--tls-password=", StringComparison.Ordinal), $"{name} passes --tls-password");
                Assert.DoesNotContain("password=", arg, StringComparison.OrdinalIgnoreCase);
                Assert.False(arg.Equals("--postgres", StringComparison.Ordinal) || arg.StartsWith("--Silo:", StringComparison.OrdinalIgnoreCase), $"{name} passes {arg}: give it as Silo__… in the environment");
            }
        }
    }

    [Fact]
    public void A_one_shot_certs_service_fills_the_certs_volume_and_the_silos_wait_for_it()
    {
        var certs = Map(Services["certs"]);
        var command = Command(certs);

        Assert.Equal("certs", command[0]);
        Assert.Equal(".", certs["build"]);
        Assert.False(certs.ContainsKey("restart"), "the certs service runs once per up");
        Assert.Equal([CertsFolder], Values(command, "--out"));
        Assert.Contains($"certs:{CertsFolder}", List(certs["volumes"]));
        foreach (var silo in SiloNames)
        {
            Assert.Equal("service_completed_successfully", Map(Map(Map(Services[silo])["depends_on"])["certs"])["condition"]);
            Assert.Contains($"certs:{CertsFolder}", List(Map(Services[silo])["volumes"]));
        }
        Assert.Equal("service_completed_successfully", Map(Map(Map(Services["terminal"])["depends_on"])["certs"])["condition"]);
    }

    [Fact]
    public void Silos_are_reachable_from_other_containers_only_with_their_own_certificate_from_the_certs_service()
    {
        var made = Values(Command(Map(Services["certs"])), "--silo");
        Assert.Equal(SiloNames, made);
        foreach (var name in SiloNames)
        {
            var settings = Settings(Map(Services[name]));

            Assert.Equal("auto", settings.AdvertisedAddress);
            Assert.False(settings.InsecureTransport, $"{name} must not waive TLS");
            Assert.Equal((Path(name, "pfx"), Path(name, "password"), $"{CertsFolder}/ca.crt"),
                (settings.TlsCertificate, settings.TlsPasswordFile, settings.TlsCertificateAuthority));
            Assert.Null(settings.TlsPassword);
        }
    }

    [Fact]
    public void No_gateway_is_published_without_tls()
    {
        foreach (var (name, service) in Services.Select(s => ((string)s.Key, Map(s.Value))).Where(s => s.Item2.ContainsKey("ports")))
        {
            var settings = Settings(service);
            var gateway = List(service["ports"]).Where(p => p.EndsWith($":{settings.GatewayPort}", StringComparison.Ordinal) || p.EndsWith($":{settings.SiloPort}", StringComparison.Ordinal));
            if (gateway.Any())
            {
                Assert.False(string.IsNullOrEmpty(settings.TlsCertificate) || settings.InsecureTransport, $"{name} publishes {string.Join(", ", gateway)} without TLS");
            }
        }
    }

    [Fact]
    public void The_terminal_connects_with_its_certificate_and_credential_from_the_certs_volume()
    {
        var terminal = Map(Services["terminal"]);
        var args = List(terminal["entrypoint"]);
        var name = Assert.Single(Values(Command(Map(Services["certs"])), "--terminal"));

        Assert.Equal([name], Values(args, "--terminal"));
        Assert.Equal([Path(name, "pfx")], Values(args, "--tls-cert"));
        Assert.Equal([Path(name, "password")], Values(args, "--tls-password-file"));
        Assert.Equal([$"{CertsFolder}/ca.crt"], Values(args, "--tls-ca"));
        Assert.Equal([Path(name, "credential")], Values(args, "--credential"));
        Assert.Contains($"certs:{CertsFolder}", List(terminal["volumes"]));
    }

    [Fact]
    public void The_image_starts_the_silo_that_the_build_produces_as_a_user_that_owns_the_certs_folder()
    {
        var dockerfile = File.ReadAllText(System.IO.Path.Combine(Root, "Dockerfile"));

        Assert.Contains($"\"silo/{typeof(SiloOptions).Assembly.GetName().Name}.dll\"", dockerfile);
        Assert.Contains("dotnet publish silo", dockerfile);
        Assert.Contains("terminal/RetentionActors.Terminal.dll", string.Join(' ', List(Map(Services["terminal"])["entrypoint"])));
        Assert.Contains($"RUN mkdir {CertsFolder} && chown \"$APP_UID\" {CertsFolder}", dockerfile);
        Assert.Matches(@"(?m)^USER \$APP_UID$", dockerfile);
    }

    private const string CertsFolder = "/certs";

    private static string Path(string name, string extension) => $"{CertsFolder}/{name}.{extension}";

    /// <summary>The options a silo service runs with, read as the silo reads them: its Silo__ variables, then its command line.</summary>
    private static SiloOptions Settings(Dictionary<object, object> service)
    {
        var environment = Environment(service)
            .Where(e => e.Key.StartsWith("Silo__", StringComparison.Ordinal))
            .Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)Interpolate(e.Value)));
        return new ConfigurationBuilder()
            .AddInMemoryCollection(environment)
            .AddCommandLine(SiloOptions.NormalizeFlags([.. Command(service)]), SiloOptions.Switches)
            .Build()
            .GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
    }

    private static Dictionary<string, string> Environment(Dictionary<object, object> service) =>
        Map(service["environment"]).ToDictionary(e => (string)e.Key, e => (string)e.Value);

    private static List<string> Command(Dictionary<object, object> service) =>
        service.TryGetValue("command", out var command) ? List(command) : [];

    private static List<string> Values(IReadOnlyList<string> args, string option) =>
        [.. args.Select((arg, i) => (arg, i)).Where(a => a.arg == option && a.i + 1 < args.Count).Select(a => args[a.i + 1])];

    /// <summary>What docker compose makes of <c>${VARIABLE:?message}</c>, with a test value for the database password.</summary>
    private static string Interpolate(string value) =>
        Variable().Replace(value, match => match.Groups["name"].Value == DatabasePasswordVariable
            ? "test-password"
            : throw new InvalidOperationException($"docker-compose.yml uses {match.Value}, which this test does not know"));

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:?[-?][^}]*)?\}")]
    private static partial Regex Variable();

    private static Dictionary<object, object> Load()
    {
        using var reader = new StreamReader(System.IO.Path.Combine(Root, "docker-compose.yml"));
        return new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
    }

    private static Dictionary<object, object> Map(object node) => Assert.IsType<Dictionary<object, object>>(node);

    private static List<string> List(object node) => [.. Assert.IsType<List<object>>(node).Cast<string>()];

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(System.IO.Path.Combine(directory.FullName, "docker-compose.yml")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("docker-compose.yml not found");
        }
        return directory.FullName;
    }
}
