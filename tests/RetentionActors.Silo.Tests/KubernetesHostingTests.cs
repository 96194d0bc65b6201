using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Tests;

/// <summary>Orleans' Kubernetes hosting is turned on only in a pod that the manifests gave its variables, and only for this cluster.</summary>
public sealed class KubernetesHostingTests
{
    private static readonly Dictionary<string, string> Pod = new()
    {
        ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1",
        ["POD_NAME"] = "retention-silo-7d9f-abcde",
        ["POD_NAMESPACE"] = "loyalty",
        ["POD_IP"] = "10.244.1.7",
    };

    [Fact]
    public void Off_kubernetes_or_without_the_pod_variables_nothing_is_added()
    {
        Assert.False(UsesKubernetesHosting(new Dictionary<string, string>()));
        Assert.False(UsesKubernetesHosting(new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1" }));
        Assert.False(UsesKubernetesHosting(Pod.Where(v => v.Key != "KUBERNETES_SERVICE_HOST").ToDictionary()));
        Assert.False(UsesKubernetesHosting(Pod.Where(v => v.Key != "POD_NAMESPACE").ToDictionary()));
    }

    [Fact]
    public void In_a_pod_with_its_variables_the_hosting_package_is_used()
    {
        Assert.True(UsesKubernetesHosting(Pod));
        Assert.True(UsesKubernetesHosting(new Dictionary<string, string>(Pod) { ["ORLEANS_CLUSTER_ID"] = RetentionSiloExtensions.ClusterId }));
    }

    [Theory]
    [InlineData("ORLEANS_CLUSTER_ID")]
    [InlineData("ORLEANS_SERVICE_ID")]
    public void A_pod_naming_another_cluster_is_refused_with_what_to_do(string variable)
    {
        var refused = Assert.Throws<SiloStartupException>(() => UsesKubernetesHosting(new Dictionary<string, string>(Pod) { [variable] = "production" }));

        Assert.Equal($"{variable} is \"production\", but RetentionActors' cluster is \"retention\" (terminals connect to it): " +
            "set it to \"retention\" or remove it from the pod's environment.", refused.Message);
    }

    private static bool UsesKubernetesHosting(IReadOnlyDictionary<string, string> environment)
    {
        var services = new ServiceCollection();
        new TestSiloBuilder(services).UseKubernetesHostingInPod(name => environment.GetValueOrDefault(name));
        return services.Any(s => s.ImplementationType?.Name == "KubernetesClusterAgent");
    }

    private sealed class TestSiloBuilder(IServiceCollection services) : ISiloBuilder
    {
        public IServiceCollection Services { get; } = services;

        public Microsoft.Extensions.Configuration.IConfiguration Configuration { get; } = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
    }
}
