using System.Net;
using Microsoft.Extensions.Logging;
using RetentionActors.Terminal.Checkout;
using RetentionActors.Tests.Shared;
using RetentionActors.Tests.Shared.Silo;

namespace RetentionActors.Terminal.Tests.Fixtures;

/// <summary>Tills of a process test's cluster, set up as a shop would: a credential issued with the silo's own command, and a connection to every gateway.</summary>
public static class ClusterTills
{
    /// <summary>Connects till <paramref name="till"/> of store s1; the connection is stopped with the rest of <paramref name="owned"/>.</summary>
    public static async Task<SiloConnection> ConnectAsync(OwnedProcesses owned, PostgresTestDatabase database, SiloPorts[] ports, string till,
        TimeSpan callTimeout, ILoggerFactory loggers, CancellationToken cancellation)
    {
        var credentialFile = Path.Combine(owned.DataFolder, $"{till}.credential");
        var (exitCode, output, errors) = await SiloProcess.RunCommandAsync(
            "credential", "issue", "--store", "s1", "--terminal", till, "--role", "till", "--days", "1", "--out", credentialFile, "--postgres", database.ConnectionString);
        Assert.True(exitCode == 0, $"credential issue exited with {exitCode}: {output}{errors}");
        var credential = TerminalCredential.Find(credentialFile, "")!;
        var connection = new SiloConnection([.. ports.Select(p => new IPEndPoint(IPAddress.Loopback, p.Gateway))],
            callTimeout, loggers, client => client.AddOutgoingGrainCallFilter(new CredentialFilter(credential)));
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var running = connection.RunAsync(stop.Token);
        owned.Add(async () =>
        {
            await stop.CancelAsync();
            try
            {
                await running.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
            }
            await connection.DisposeAsync();
            stop.Dispose();
        });
        await connection.FirstAttempt.WaitAsync(TimeSpan.FromSeconds(60), cancellation);
        Assert.True(connection.IsConnected, $"till {till} connected to the silos");
        return connection;
    }
}
