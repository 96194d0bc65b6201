using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Webhooks;

/// <summary>How the silo delivers webhooks (configuration section <c>Webhooks</c>, e.g. <c>Webhooks__Workers</c>).</summary>
public sealed class WebhookOptions : ICheckedOptions
{
    public const string Section = "Webhooks";

    /// <summary>Delivery workers in each silo; each delivers one subscription at a time. Default: 2.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Wait after the first failed attempt at an event; doubled after each further one, up to <see cref="MaxRetry"/>. Default: 10 seconds.</summary>
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts. Default: 1 hour.</summary>
    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an event is retried before the subscription is paused with it in the dead letters. Default: 24 hours.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a receiver has to answer a delivery (a 2xx status). Default: 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a worker holds a subscription. A silo killed while holding one leaves it to the others once this has
    /// passed; they send its unacknowledged event again. Default: 60 seconds.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an idle worker looks for a subscription with events to send. Default: 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events read from the outbox at once for one subscription. Default: 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Networks besides the public internet that webhooks may be delivered to, as CIDR networks separated by commas
    /// (e.g. <c>10.20.0.0/16, fd00:1::/64</c>) for receivers inside the company network. Default: none, so loopback,
    /// private and link-local addresses are refused (see <see cref="WebhookNetworks"/>).
    /// </summary>
    public string? AllowedNetworks { get; set; }

    /// <summary>Where deliveries may connect, from <see cref="AllowedNetworks"/> (valid once <see cref="Problem"/> is null).</summary>
    public WebhookNetworks Networks() => new(WebhookNetworks.Parse(AllowedNetworks) ?? []);

    /// <summary>Why these options cannot work, or null.</summary>
    public string? Problem() =>
        WebhookNetworks.Parse(AllowedNetworks) is null ? "Webhooks:AllowedNetworks must be CIDR networks separated by commas, e.g. 10.20.0.0/16, fd00:1::/64."
        : Workers is < 1 or > 64 ? "Webhooks:Workers must be 1 to 64."
        : BatchSize is < 1 or > 1000 ? "Webhooks:BatchSize must be 1 to 1000."
        : new[] { FirstRetry, MaxRetry, GiveUpAfter, Timeout, Lease, PollInterval }.Any(t => t <= TimeSpan.Zero) ? "Webhooks: every duration must be above zero."
        : Lease <= Timeout * 2 ? "Webhooks:Lease must be more than twice Webhooks:Timeout, or a slow receiver would outlast the lease."
        : null;
}
