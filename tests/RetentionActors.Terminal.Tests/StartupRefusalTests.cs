using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RetentionActors.Terminal.Hosting;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests;

/// <summary>Options the terminal cannot work with are refused when it starts, with a message naming the option, and nothing is made.</summary>
public sealed class StartupRefusalTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("retention-refusal-").FullName;

    [Theory]
    [InlineData("--reader", "bogus", "--reader bogus: use keyboard, serial:<port>[@baud], pn532:<port> or pcsc[:<reader name>].")]
    [InlineData("--reader", "serial:/dev/ttyS0@fast", "--reader serial:/dev/ttyS0@fast: 'fast' is not a baud rate")]
    [InlineData("--silo", "gateway-without-port", "--silo gateway-without-port: expected host:port")]
    public async Task A_bad_option_is_refused_at_start_naming_it_and_nothing_is_made(string name, string value, string message)
    {
        var outbox = Path.Combine(_home, "outbox.db");
        await using var terminal = TerminalProcess.Start(new Dictionary<string, string> { ["HOME"] = _home, ["XDG_DATA_HOME"] = "" },
            name, value, "--json", "--outbox", outbox);

        var exit = await terminal.EndInputAsync();

        Assert.Equal(2, exit);
        Assert.Contains(message, terminal.Errors.Split('\n'));
        Assert.Empty(terminal.Lines);
        Assert.False(File.Exists(outbox), "the outbox is not created for a terminal that does not start");
    }

    [Fact]
    public async Task The_host_validates_the_options_when_it_starts()
    {
        Assert.True(TerminalOptions.TryParse(["--reader", "pn532:", "--credential", Path.Combine(_home, "none.credential")], out var options, out var error), error);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(new FoundCredential(null)).AddTerminalOptions(options);
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(["--reader pn532:: use keyboard, serial:<port>[@baud], pn532:<port> or pcsc[:<reader name>]."], refused.Failures);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
