using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Webhooks;

public static class WebhookHosting
{
    /// <summary>The webhook delivery workers, with <see cref="WebhookOptions"/> from the <c>Webhooks</c> section.</summary>
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.AddCheckedOptions<WebhookOptions>(WebhookOptions.Section, "Durations are written hh:mm:ss (or d.hh:mm:ss), numbers as whole numbers.");
        builder.Services.AddHostedService<WebhookDelivery>();
        return builder;
    }
}
