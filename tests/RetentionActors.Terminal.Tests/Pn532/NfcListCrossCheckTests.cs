using System.Diagnostics;
using RetentionActors.Terminal.Tests.Fixtures;

namespace RetentionActors.Terminal.Tests.Pn532;

/// <summary>libnfc, an independent PN532 host, run against the simulator: it must see what a real PN532 would show.</summary>
public sealed class NfcListCrossCheckTests
{
    [Theory]
    [InlineData(new byte[] { 0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6 }, "04  a1  b2  c3  d4  e5  f6", "00  44")]
    [InlineData(new byte[] { 0x04, 0x92, 0x2E, 0x58 }, "04  92  2e  58", "00  04")]
    public async Task Nfc_list_finds_the_simulated_card_with_its_UID_and_ATQA(byte[] uid, string expectedUid, string expectedAtqa)
    {
        Tools.Require("nfc-list");
        await using var pn532 = await SimulatedPn532.StartAsync();
        pn532.Simulator.Card = uid;

        var output = await RunAsync("nfc-list", pn532.Port);

        Assert.Contains("ISO/IEC 14443A (106 kbps) target:", output, StringComparison.Ordinal);
        Assert.Contains($"UID (NFCID1): {expectedUid}", output, StringComparison.Ordinal);
        Assert.Contains($"ATQA (SENS_RES): {expectedAtqa}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nfc_list_opens_the_simulated_device_and_finds_no_target_when_the_field_is_empty()
    {
        Tools.Require("nfc-list");
        await using var pn532 = await SimulatedPn532.StartAsync();

        var output = await RunAsync("nfc-list", pn532.Port);

        Assert.Contains("NFC device:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("UID (NFCID1)", output, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(string tool, string port)
    {
        var start = new ProcessStartInfo(Tools.Find(tool)!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["LIBNFC_DEVICE"] = $"pn532_uart:{port}";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).Within($"{tool} to finish", TimeSpan.FromSeconds(20));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        return await stdout + "\n" + await stderr;
    }
}
