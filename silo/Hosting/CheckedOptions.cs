namespace RetentionActors.Silo.Hosting;

/// <summary>Options that can say why they cannot work.</summary>
public interface ICheckedOptions
{
    /// <summary>Why these options cannot work, or null.</summary>
    string? Problem();
}

public static class CheckedOptionsHosting
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> for <c>IOptions</c>, after reading it once here: options
    /// that cannot be read or cannot work stop the silo at start with a message saying which (<see cref="SiloStartupException"/>),
    /// rather than with a stack trace once a service uses them. <paramref name="howWritten"/> follows a reading error.
    /// </summary>
    public static WebApplicationBuilder AddCheckedOptions<T>(this WebApplicationBuilder builder, string section, string howWritten)
        where T : class, ICheckedOptions, new()
    {
        T options;
        try
        {
            options = builder.Configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new SiloStartupException($"{unreadable.Message} {howWritten}");
        }
        if (options.Problem() is { } problem)
        {
            throw new SiloStartupException(problem);
        }
        builder.Services.AddOptions<T>().BindConfiguration(section);
        return builder;
    }
}
