using Orleans.Hosting.Kubernetes;

namespace RetentionActors.Silo.Hosting;

/// <summary>
/// A cluster silo in a Kubernetes pod (deploy/kubernetes, docs/operations.md) also uses Orleans' Kubernetes hosting: the
/// silo is named after its pod, its pod is labelled with the cluster, and membership is kept in step with the pods (a
/// silo whose pod is gone is declared dead). Off Kubernetes, or without the pod variables the manifests set, nothing changes.
/// </summary>
public static class KubernetesHosting
{
    /// <summary>Set by Kubernetes in every container; the hosting package finds the API server with it.</summary>
    public const string ServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>
    /// What the host gives the graceful stop after SIGTERM (the .NET default, stated so the pod's grace period can be
    /// checked against it): the silo hands its terminals to the other gateways, deactivates its grains and leaves membership.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The pod variables the manifests set from the downward API, which the hosting package reads.</summary>
    public static readonly string[] PodVariables =
    [
        KubernetesHostingOptions.PodNameEnvironmentVariable,
        KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable,
    ];

    /// <summary>The package's variables for the cluster's identity; when set, they must name this cluster (terminals use it).</summary>
    public static readonly string[] ClusterIdentityVariables =
    [
        KubernetesHostingOptions.ClusterIdEnvironmentVariable,
        KubernetesHostingOptions.ServiceIdEnvironmentVariable,
    ];

    /// <summary>Whether this process runs in a pod whose manifest gives it the pod variables.</summary>
    public static bool InPod(Func<string, string?> environment) =>
        !string.IsNullOrEmpty(environment(ServiceHostVariable)) && PodVariables.All(name => !string.IsNullOrEmpty(environment(name)));

    /// <summary>Kubernetes hosting for a cluster silo in a pod; nothing elsewhere.</summary>
    /// <exception cref="SiloStartupException">The pod names another cluster than the one terminals connect to.</exception>
    public static ISiloBuilder UseKubernetesHostingInPod(this ISiloBuilder silo, Func<string, string?> environment)
    {
        if (!InPod(environment))
        {
            return silo;
        }
        foreach (var variable in ClusterIdentityVariables)
        {
            // The package would take them over our ClusterOptions, and terminals and tools connect to this cluster id.
            if (environment(variable) is { Length: > 0 } value && value != RetentionSiloExtensions.ClusterId)
            {
                throw new SiloStartupException(
                    $"{variable} is \"{value}\", but RetentionActors' cluster is \"{RetentionSiloExtensions.ClusterId}\" (terminals connect to it): " +
                    $"set it to \"{RetentionSiloExtensions.ClusterId}\" or remove it from the pod's environment.");
            }
        }
        return silo.UseKubernetesHosting();
    }
}
