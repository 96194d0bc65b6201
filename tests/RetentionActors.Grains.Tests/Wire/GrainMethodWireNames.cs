using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Invocation;
using Orleans.Serialization.TypeSystem;

namespace RetentionActors.Grains.Tests.Wire;

/// <summary>
/// How a grain call names its method on the wire: the request's body is an instance of a generated invokable
/// class, and the serializer writes that class's name as its compound alias (inv, proxy base, declaring
/// interface's alias, method alias). A silo can answer a call only if it knows that exact name.
/// </summary>
internal static class GrainMethodWireNames
{
    private static readonly TypeConverter s_converter = ContractSerialization.Services.GetRequiredService<TypeConverter>();

    /// <summary>
    /// One line per method callable through <paramref name="grainInterface"/> (its own and inherited):
    /// "Interface.Method(parameter types) => wire name", sorted.
    /// </summary>
    public static IReadOnlyList<string> Of(Type grainInterface)
    {
        var interfaces = grainInterface.GetInterfaces().Append(grainInterface).ToHashSet();
        return [.. Invokables(grainInterface.Assembly)
            .Where(invokable => interfaces.Contains(invokable.GetInterfaceType()))
            .Select(invokable => $"{Describe(invokable.GetMethod())} => {Format(invokable.GetType())}")
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The type a wire name resolves to in this build (throws when no type has it).</summary>
    public static Type Parse(string wireName) => s_converter.Parse(wireName);

    public static string Format(Type type) => s_converter.Format(type);

    public static string Describe(MethodInfo method) =>
        $"{method.Name}({string.Join(", ", method.GetParameters().Select(p => Name(p.ParameterType)))})";

    private static string Name(Type type) => Nullable.GetUnderlyingType(type) is { } value ? value.Name + "?" : type.Name;

    // The generated invokables are public classes with a parameterless constructor, one per declared method.
    private static IEnumerable<IInvokable> Invokables(Assembly contracts) =>
        contracts.GetTypes()
            .Where(type => typeof(IInvokable).IsAssignableFrom(type) && type is { IsAbstract: false, IsGenericTypeDefinition: false })
            .Where(type => type.GetCustomAttribute<CompoundTypeAliasAttribute>() is not null)
            .Select(type => (IInvokable)Activator.CreateInstance(type)!);
}
