namespace RetentionActors.BackOffice.Tests;

/// <summary>The running test's cancellation token, short enough to pass to every HTTP call.</summary>
internal static class TestToken
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;
}
