using Npgsql;
using RetentionActors.Silo.Hosting;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace RetentionActors.Silo.Tests;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is checked against the silo's real options: a
/// variable the silo does not read, a silo that does not point at the database, or a port that is not
/// the one it listens on fails here instead of in a retailer's deployment.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string Root = FindRoot();
    private static readonly Dictionary<object, object> Services = Map(Load()["services"]);

    [Fact]
    public void Compose_has_a_database_two_silos_and_a_terminal()
    {
        Assert.Equal(["postgres", "silo1", "silo2", "terminal"], Services.Keys.Cast<string>().Order());
        var postgres = Map(Services["postgres"]);
        Assert.Contains("pgdata:/var/lib/postgresql/data", List(postgres["volumes"]));
        Assert.Contains("pg_isready", string.Join(' ', List(Map(postgres["healthcheck"])["test"])));
    }

    [Theory]
    [InlineData("silo1", "8080")]
    [InlineData("silo2", "8081")]
    public void Each_silo_is_configured_only_with_options_the_silo_reads_and_points_at_the_database(string name, string dashboardPort)
    {
        var silo = Map(Services[name]);
        var environment = Map(silo["environment"]).ToDictionary(e => (string)e.Key, e => (string)e.Value);
        var postgres = Map(Services["postgres"]);
        var database = Map(postgres["environment"]);

        foreach (var variable in environment.Keys.Where(k => k.StartsWith("Silo__", StringComparison.Ordinal)))
        {
            Assert.NotNull(typeof(SiloOptions).GetProperty(variable["Silo__".Length..]));
        }
        var connection = new NpgsqlConnectionStringBuilder(environment["Silo__Postgres"]);
        Assert.Equal(("postgres", 5432), (connection.Host, connection.Port));
        Assert.Equal(((string)database["POSTGRES_USER"], (string)database["POSTGRES_PASSWORD"], (string)database["POSTGRES_DB"]),
            (connection.Username!, connection.Password!, connection.Database!));
        Assert.Equal("service_healthy", Map(Map(silo["depends_on"])["postgres"])["condition"]);
        Assert.Equal(".", silo["build"]);

        var listens = new Uri(environment["ASPNETCORE_URLS"].Replace("+", "localhost", StringComparison.Ordinal)).Port;
        Assert.Contains($"{dashboardPort}:{listens}", List(silo["ports"]));
        Assert.Contains(List(silo["ports"]), p => p.EndsWith($":{environment["Silo__GatewayPort"]}", StringComparison.Ordinal));
    }

    [Fact]
    public void The_image_starts_the_silo_that_the_build_produces()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));

        Assert.Contains($"\"silo/{typeof(SiloOptions).Assembly.GetName().Name}.dll\"", dockerfile);
        Assert.Contains("dotnet publish silo", dockerfile);
        Assert.Contains("terminal/RetentionActors.Terminal.dll", string.Join(' ', List(Map(Services["terminal"])["entrypoint"])));
    }

    private static Dictionary<object, object> Load()
    {
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml"));
        return new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
    }

    private static Dictionary<object, object> Map(object node) => Assert.IsType<Dictionary<object, object>>(node);

    private static List<string> List(object node) => [.. Assert.IsType<List<object>>(node).Cast<string>()];

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "docker-compose.yml")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("docker-compose.yml not found");
        }
        return directory.FullName;
    }
}
