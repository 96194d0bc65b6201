using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Orleans.Hosting.Kubernetes;
using RetentionActors.Silo.Hosting;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace RetentionActors.Silo.Tests;

/// <summary>
/// No Kubernetes cluster runs here, so deploy/kubernetes is checked against what the silo really reads: the probes ask
/// paths the silo answers, on the port it listens on; the ports, variables and files are the silo's options; every
/// Secret a pod needs is made by the kustomization with the keys used; the grace period covers the graceful stop; the
/// hosting package gets its pod variables, labels and permissions. A change on either side fails here.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string ManifestFolder = "deploy/kubernetes";
    private static readonly string Folder = Path.Combine(FindRoot(), ManifestFolder);
    private static readonly List<Dictionary<object, object>> Documents = LoadAll();
    private static readonly Dictionary<object, object> Kustomization = Map(new DeserializerBuilder().Build()
        .Deserialize<Dictionary<object, object>>(File.ReadAllText(Path.Combine(Folder, "kustomization.yaml"))));
    private static readonly Dictionary<object, object> Deployment = Single("Deployment", "retention-silo");
    private static readonly Dictionary<object, object> PodSpec = Map(Map(Map(Deployment["spec"])["template"])["spec"]);
    private static readonly Dictionary<object, object> Silo = Map(Assert.Single(List(PodSpec["containers"])));

    [Fact]
    public void Every_manifest_parses_and_the_kustomization_applies_all_but_the_one_off_migration()
    {
        Assert.All(Documents, d => Assert.False(string.IsNullOrEmpty(Text(Map(d["metadata"])["name"])), $"a {d["kind"]} without a name"));
        var resources = List(Kustomization["resources"]).Select(Text).Order().ToList();
        var files = Directory.GetFiles(Folder, "*.yaml").Select(f => Path.GetFileName(f)).Where(f => f is not ("kustomization.yaml" or "migrate-job.yaml")).Order().ToList();
        Assert.Equal(files, resources);
        Assert.Equal(["Deployment", "Job", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "Service", "ServiceAccount"],
            Documents.Select(d => Text(d["kind"])).Order());
    }

    [Fact]
    public void The_probes_ask_the_silos_health_endpoints_on_the_port_it_listens_on()
    {
        var mapped = HealthRoutes();
        var http = ContainerPort("http");

        Assert.Equal(HealthEndpoints.ReadyPath, Probe("readinessProbe").Path);
        Assert.Equal(HealthEndpoints.LivePath, Probe("livenessProbe").Path);
        Assert.Equal(HealthEndpoints.LivePath, Probe("startupProbe").Path);
        foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
        {
            Assert.Contains(Probe(probe).Path, mapped);
            Assert.Equal("http", Probe(probe).Port);
        }
        Assert.Equal(http, new Uri(Environment()["ASPNETCORE_URLS"].Replace("+", "localhost", StringComparison.Ordinal)).Port);
    }

    [Fact]
    public void The_container_ports_are_the_ones_the_silo_is_configured_with_and_the_services_reach_them()
    {
        var settings = Settings(Environment());

        Assert.Equal(settings.SiloPort, ContainerPort("silo"));
        Assert.Equal(settings.GatewayPort, ContainerPort("gateway"));
        var gateway = Single("Service", "retention-gateway");
        Assert.Equal("gateway", Text(Map(Assert.Single(List(Map(gateway["spec"])["ports"])))["targetPort"]));
        Assert.Equal(settings.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(Map(Assert.Single(List(Map(gateway["spec"])["ports"])))["port"]));
        var backOffice = Single("Service", "retention-backoffice");
        Assert.Equal("http", Text(Map(Assert.Single(List(Map(backOffice["spec"])["ports"])))["targetPort"]));
    }

    [Fact]
    public void Every_variable_the_pods_get_is_one_the_silo_or_its_hosting_reads()
    {
        string[] readElsewhere = ["ASPNETCORE_URLS", "RETENTION_ADMIN_TOKEN", .. KubernetesHosting.PodVariables, .. KubernetesHosting.ClusterIdentityVariables];
        foreach (var container in Containers())
        {
            foreach (var name in Variables(container).Select(v => Text(v["name"])))
            {
                Assert.True(name.StartsWith("Silo__", StringComparison.Ordinal)
                    ? typeof(SiloOptions).GetProperty(name["Silo__".Length..]) is not null
                    : readElsewhere.Contains(name), $"{Text(container["name"])}: the silo reads no variable {name}");
            }
        }
    }

    [Fact]
    public void The_silo_runs_in_cluster_mode_over_mutual_tls_with_files_from_the_tls_secret_and_no_password_in_its_settings()
    {
        var settings = Settings(Environment());
        var mount = Map(Assert.Single(List(Silo["volumeMounts"])));
        var volume = Map(Assert.Single(List(PodSpec["volumes"]), v => Text(Map(v)["name"]) == Text(mount["name"])));
        var secret = Text(Map(volume["secret"])["secretName"]);
        var keys = GeneratedSecrets()[secret];

        Assert.True(settings.IsCluster);
        Assert.False(settings.InsecureTransport);
        Assert.Null(settings.TlsPassword);
        foreach (var file in new[] { settings.TlsCertificate, settings.TlsPasswordFile, settings.TlsCertificateAuthority })
        {
            Assert.NotNull(file);
            Assert.Equal(Text(mount["mountPath"]), Path.GetDirectoryName(file));
            Assert.Contains(Path.GetFileName(file), keys);
        }
        Assert.Equal("status.podIP", Text(Map(Map(Variable(Silo, "Silo__AdvertisedAddress")["valueFrom"])["fieldRef"])["fieldPath"]));
    }

    [Fact]
    public void Every_secret_a_pod_needs_is_made_by_the_kustomization_with_the_key_it_reads()
    {
        var generated = GeneratedSecrets();
        foreach (var container in Containers())
        {
            foreach (var reference in Variables(container).Where(v => v.ContainsKey("valueFrom")).Select(v => Map(v["valueFrom"]))
                .Where(v => v.ContainsKey("secretKeyRef")).Select(v => Map(v["secretKeyRef"])))
            {
                if (reference.TryGetValue("optional", out var optional) && Text(optional) == "true")
                {
                    continue;
                }
                Assert.True(generated.TryGetValue(Text(reference["name"]), out var keys), $"no Secret {reference["name"]} is generated");
                Assert.Contains(Text(reference["key"]), keys);
            }
        }
        var connection = Map(Map(Variable(Silo, "Silo__Postgres")["valueFrom"])["secretKeyRef"]);
        Assert.Equal(("retention-postgres", "connection-string"), (Text(connection["name"]), Text(connection["key"])));
        Assert.Equal("true", Text(Map(Kustomization["generatorOptions"])["disableNameSuffixHash"]));
        Assert.All(GeneratedFiles(), file => Assert.StartsWith("secrets/", file, StringComparison.Ordinal));
        Assert.Contains("secrets/", File.ReadAllLines(Path.Combine(Folder, ".gitignore")));
    }

    [Fact]
    public void No_secret_is_in_a_manifest_or_on_a_command_line()
    {
        Assert.DoesNotContain(Documents, d => Text(d["kind"]) == "Secret");
        foreach (var container in Containers())
        {
            string[] args = [.. Strings(container, "command"), .. Strings(container, "args")];
            Assert.DoesNotContain(args, a => a.Contains("password", StringComparison.OrdinalIgnoreCase) || a.StartsWith("--postgres", StringComparison.Ordinal));
            Assert.All(Variables(container).Where(v => v.ContainsKey("value")), v => Assert.DoesNotContain("Password=", Text(v["value"]), StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void The_grace_period_covers_the_pause_before_sigterm_and_the_graceful_stop()
    {
        var grace = TimeSpan.FromSeconds(int.Parse(Text(PodSpec["terminationGracePeriodSeconds"]), System.Globalization.CultureInfo.InvariantCulture));
        var pause = List(Map(Map(Map(Silo["lifecycle"])["preStop"])["exec"])["command"]).Select(Text).ToList();

        Assert.Equal("sleep", pause[0]);
        Assert.True(grace >= TimeSpan.FromSeconds(int.Parse(pause[1], System.Globalization.CultureInfo.InvariantCulture)) + KubernetesHosting.ShutdownTimeout,
            $"terminationGracePeriodSeconds {grace.TotalSeconds} is shorter than the preStop pause ({pause[1]} s) and the host's shutdown timeout ({KubernetesHosting.ShutdownTimeout.TotalSeconds} s)");
        var rollout = Map(Map(Map(Deployment["spec"])["strategy"])["rollingUpdate"]);
        Assert.Equal("0", Text(rollout["maxUnavailable"]));
    }

    [Fact]
    public void The_pods_turn_on_kubernetes_hosting_for_this_cluster_with_the_permissions_it_needs()
    {
        var environment = Environment();
        var labels = Map(Map(Map(Map(Deployment["spec"])["template"])["metadata"])["labels"]);

        Assert.True(KubernetesHosting.InPod(name => name == KubernetesHosting.ServiceHostVariable ? "10.96.0.1" : environment.GetValueOrDefault(name)));
        Assert.All(KubernetesHosting.ClusterIdentityVariables, name => Assert.Equal(RetentionSiloExtensions.ClusterId, environment[name]));
        Assert.Equal(RetentionSiloExtensions.ClusterId, Text(labels[KubernetesHostingOptions.ClusterIdLabel]));
        Assert.Equal(RetentionSiloExtensions.ClusterId, Text(labels[KubernetesHostingOptions.ServiceIdLabel]));
        Assert.Equal("true", Text(PodSpec["automountServiceAccountToken"]));

        var account = Text(PodSpec["serviceAccountName"]);
        Single("ServiceAccount", account);
        var binding = Assert.Single(Documents, d => Text(d["kind"]) == "RoleBinding"
            && List(d["subjects"]).Any(s => Text(Map(s)["kind"]) == "ServiceAccount" && Text(Map(s)["name"]) == account));
        var role = Single("Role", Text(Map(binding["roleRef"])["name"]));
        var rule = Map(Assert.Single(List(role["rules"])));
        Assert.Equal(["pods"], List(rule["resources"]).Select(Text));
        Assert.Equal(["get", "list", "patch", "watch"], List(rule["verbs"]).Select(Text).Order());
    }

    [Fact]
    public void The_services_and_the_disruption_budget_select_the_silo_pods()
    {
        var labels = Map(Map(Map(Map(Deployment["spec"])["template"])["metadata"])["labels"]);
        var selectors = Documents.Where(d => Text(d["kind"]) == "Service").Select(d => Map(Map(d["spec"])["selector"]))
            .Append(Map(Map(Map(Single("PodDisruptionBudget", "retention-silo")["spec"])["selector"])["matchLabels"]))
            .Append(Map(Map(Map(Deployment["spec"])["selector"])["matchLabels"]));
        Assert.All(selectors, selector => Assert.All(selector, label => Assert.Equal(Text(label.Value), Text(labels[label.Key]))));
    }

    [Fact]
    public void The_migration_job_runs_the_migrate_command_with_the_connection_string_from_the_secret()
    {
        var job = Map(Assert.Single(List(Map(Map(Map(Single("Job", "retention-migrate")["spec"])["template"])["spec"])["containers"])));

        Assert.Equal(["migrate"], Strings(job, "args"));
        Assert.Equal(Text(Silo["image"]), Text(job["image"]));
        Assert.Equal("retention-postgres", Text(Map(Map(Variable(job, "Silo__Postgres")["valueFrom"])["secretKeyRef"])["name"]));
    }

    /// <summary>The paths the silo maps for health, read from its endpoint routes.</summary>
    private static HashSet<string> HealthRoutes()
    {
        var app = WebApplication.CreateBuilder().Build();
        app.MapHealthEndpoints();
        return [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))];
    }

    /// <summary>The options the silo container runs with, read as the silo reads them, with test values for what Kubernetes fills in.</summary>
    private static SiloOptions Settings(Dictionary<string, string> environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Where(e => e.Key.StartsWith("Silo__", StringComparison.Ordinal))
                .Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)e.Value)))
            .AddCommandLine(SiloOptions.NormalizeFlags([.. Strings(Silo, "args")]), SiloOptions.Switches)
            .Build()
            .GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();

    /// <summary>The silo container's variables; those from a Secret or the pod get test values.</summary>
    private static Dictionary<string, string> Environment() =>
        Variables(Silo).ToDictionary(v => Text(v["name"]), v => v.TryGetValue("value", out var value) ? Text(value)
            : Map(v["valueFrom"]).ContainsKey("fieldRef") ? "10.1.2.3"
            : new NpgsqlConnectionStringBuilder { Host = "postgres", Username = "retention", Password = "test", Database = "retention" }.ToString());

    private static Dictionary<object, object> Variable(Dictionary<object, object> container, string name) =>
        Assert.Single(Variables(container), v => Text(v["name"]) == name);

    private static IEnumerable<Dictionary<object, object>> Variables(Dictionary<object, object> container) =>
        container.TryGetValue("env", out var env) ? List(env).Select(Map) : [];

    private static (string Path, string Port) Probe(string name)
    {
        var get = Map(Map(Silo[name])["httpGet"]);
        return (Text(get["path"]), Text(get["port"]));
    }

    private static int ContainerPort(string name) =>
        int.Parse(Text(Map(Assert.Single(List(Silo["ports"]), p => Text(Map(p)["name"]) == name))["containerPort"]), System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<Dictionary<object, object>> Containers() =>
        Documents.Where(d => Text(d["kind"]) is "Deployment" or "Job")
            .SelectMany(d => List(Map(Map(Map(d["spec"])["template"])["spec"])["containers"]).Select(Map));

    /// <summary>The Secrets the kustomization makes, with their keys.</summary>
    private static Dictionary<string, HashSet<string>> GeneratedSecrets() =>
        List(Kustomization["secretGenerator"]).Select(Map)
            .ToDictionary(s => Text(s["name"]), s => List(s["files"]).Select(f => Text(f).Split('=')[0]).ToHashSet());

    private static IEnumerable<string> GeneratedFiles() =>
        List(Kustomization["secretGenerator"]).Select(Map).SelectMany(s => List(s["files"]).Select(f => Text(f).Split('=')[1]));

    private static Dictionary<object, object> Single(string kind, string name) =>
        Assert.Single(Documents, d => Text(d["kind"]) == kind && Text(Map(d["metadata"])["name"]) == name);

    private static List<string> Strings(Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) ? [.. List(value).Select(Text)] : [];

    private static List<Dictionary<object, object>> LoadAll()
    {
        var deserializer = new DeserializerBuilder().Build();
        var documents = new List<Dictionary<object, object>>();
        foreach (var file in Directory.GetFiles(Folder, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml"))
        {
            using var reader = new StreamReader(file);
            var parser = new Parser(reader);
            parser.Consume<StreamStart>();
            while (parser.Accept<DocumentStart>(out _))
            {
                documents.Add(Map(deserializer.Deserialize<Dictionary<object, object>>(parser)));
            }
        }
        return documents;
    }

    private static Dictionary<object, object> Map(object? node) => Assert.IsType<Dictionary<object, object>>(node);

    private static List<object> List(object? node) => Assert.IsType<List<object>>(node);

    private static string Text(object? node) => Assert.IsType<string>(node);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!Directory.Exists(Path.Combine(directory.FullName, ManifestFolder)))
        {
            directory = directory.Parent ?? throw new InvalidOperationException($"{ManifestFolder} not found");
        }
        return directory.FullName;
    }
}
