using RetentionActors.Terminal.Readers.Serial;

namespace RetentionActors.Terminal.Tests;

public sealed class TerminalOptionsTests
{
    [Fact]
    public void Every_option_is_read_and_silos_repeat()
    {
        var ok = TerminalOptions.TryParse(
            ["--reader", "pn532:/dev/ttyUSB0", "--mode", "kiosk", "--json", "--silo", "a:1", "--silo", "b:2", "--store", "s-7", "--terminal", "t-2",
             "--outbox", "/tmp/o.db", "--card-range", "600123", "--timeout", "2.5"], out var options, out var error);

        Assert.True(ok, error);
        Assert.Equal("pn532:/dev/ttyUSB0", options.Reader);
        Assert.Equal("kiosk", options.Mode);
        Assert.True(options.Json);
        Assert.Equal(["a:1", "b:2"], options.Silos);
        Assert.Equal(("s-7", "t-2", "/tmp/o.db"), (options.StoreId, options.TerminalId, options.ResolvedOutboxPath));
        Assert.Equal(["600123"], options.CardRanges);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Timeout);
    }

    [Fact]
    public void Defaults_are_a_keyboard_cashier_on_the_local_gateway()
    {
        Assert.True(TerminalOptions.TryParse([], out var options, out _));

        Assert.Equal(("keyboard", "cashier", false), (options.Reader, options.Mode, options.Json));
        Assert.Equal(["localhost:30000"], options.Silos);
    }

    [Theory]
    [InlineData("--mode", "till")]
    [InlineData("--timeout", "soon")]
    [InlineData("--frobnicate", "x")]
    [InlineData("visa:4111", null)]
    [InlineData("--reader", null)]
    public void Bad_arguments_are_refused_with_a_reason(string name, string? value)
    {
        var ok = TerminalOptions.TryParse(value is null ? [name] : [name, value], out _, out var error);

        Assert.False(ok);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Bare_card_ids_are_looked_up()
    {
        Assert.True(TerminalOptions.TryParse(["--gateway-port", "31000", "nfc:04a1b2c3d4e5f6"], out var options, out _));

        Assert.Equal(["nfc:04A1B2C3D4E5F6"], options.LookUp);
        Assert.Equal(["localhost:31000"], options.Silos);
    }

    [Fact]
    public void Tls_takes_a_certificate_a_password_file_and_an_authority()
    {
        Assert.True(TerminalOptions.TryParse(["--tls-cert", "till-1.pfx", "--tls-password-file", "till-1.password", "--tls-ca", "ca.crt"], out var options, out var error), error);

        Assert.Equal(("till-1.pfx", "till-1.password", "ca.crt"), (options.TlsCertificate, options.TlsPasswordFile, options.TlsCertificateAuthority));
    }

    [Theory]
    [InlineData("--tls-password", "hunter2-secret")]
    [InlineData("--tls-password=hunter2-secret", null)]
    public void A_tls_password_on_the_command_line_is_refused_without_repeating_it(string name, string? value)
    {
        var ok = TerminalOptions.TryParse(value is null ? ["--tls-cert", "t.pfx", name] : ["--tls-cert", "t.pfx", name, value], out _, out var error);

        Assert.False(ok);
        Assert.Contains("--tls-password-file", error, StringComparison.Ordinal);
        Assert.Contains("RETENTION_TLS_PASSWORD", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/ttyUSB0", "/dev/ttyUSB0", 9600)]
    [InlineData("/dev/ttyACM0@115200", "/dev/ttyACM0", 115200)]
    public void Serial_reader_specs_name_a_port_and_an_optional_baud_rate(string spec, string port, int baud)
    {
        Assert.True(SerialReaderOptions.TryParse(spec, out var options, out var error), error);

        Assert.Equal((port, baud), (options.Port, options.BaudRate));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/dev/ttyUSB0@fast")]
    [InlineData("/dev/ttyUSB0@-1")]
    public void Bad_serial_reader_specs_are_refused(string spec) => Assert.False(SerialReaderOptions.TryParse(spec, out _, out _));
}
