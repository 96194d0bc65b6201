using RetentionActors.Silo.Hosting;

namespace RetentionActors.Silo.Webhooks;

public static class WebhookHosting
{
    /// <summary>
    /// The webhook delivery workers, with <see cref="WebhookOptions"/> from the <c>Webhooks</c> section. Options that
    /// cannot work stop the silo here, with a message saying which, rather than with a stack trace once it runs.
    /// </summary>
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        WebhookOptions options;
        try
        {
            options = builder.Configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new SiloStartupException($"{unreadable.Message} Durations are written hh:mm:ss (or d.hh:mm:ss), numbers as whole numbers.");
        }
        if (options.Problem() is { } problem)
        {
            throw new SiloStartupException(problem);
        }
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        builder.Services.AddHostedService<WebhookDelivery>();
        return builder;
    }
}
