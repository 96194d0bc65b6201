using System.Security.Cryptography;
using System.Text;
using Orleans.Runtime;

namespace RetentionActors.Grains.Security;

/// <summary>
/// Marks every call that starts inside this silo — a grain calling a grain, the back office through the
/// silo's own client, the reminder service — with the cluster's internal-call mark, so the receiving
/// silo lets it through without a terminal credential. A client can set any request-context value it
/// likes, but not this one without the cluster secret. Calls to clients are never marked: the mark must
/// not leave the cluster.
/// </summary>
public sealed class InternalCallMarker(ClusterSecret secret) : IOutgoingGrainCallFilter
{
    /// <summary>The request-context entry holding the mark.</summary>
    public const string Key = "ra-cluster";

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        // Set inside this async method: the value flows into the call being made and is gone again after it.
        if (context.TargetId.IsClient())
        {
            RequestContext.Remove(Key);
            // Nor the back office's audit intent: its detail may quote what an operator typed, and a client has no codec for it.
            RequestContext.Remove(Audit.AuditContext.Key);
        }
        else
        {
            RequestContext.Set(Key, secret.InternalCallMark);
        }
        await context.Invoke();
    }

    /// <summary>Whether the call being handled carries this cluster's mark (compared in fixed time).</summary>
    public static bool IsInternal(ClusterSecret secret) =>
        RequestContext.Get(Key) is string mark
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mark), Encoding.ASCII.GetBytes(secret.InternalCallMark));
}
