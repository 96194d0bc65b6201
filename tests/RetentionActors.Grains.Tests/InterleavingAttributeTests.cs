using System.Reflection;
using Orleans.Concurrency;
using RetentionActors.Grains.Cards;

namespace RetentionActors.Grains.Tests;

/// <summary>
/// Orleans takes a method's interleaving (<see cref="ReadOnlyAttribute"/>, <see cref="AlwaysInterleaveAttribute"/>) from
/// the grain interface when it builds the call; on a grain class's method the attribute compiles and does nothing. The
/// card's till operations carried it there for months, and a busy card took one sale at a time (<see cref="BusyCardTests"/>).
/// </summary>
public sealed class InterleavingAttributeTests
{
    [Fact]
    public void No_grain_class_marks_a_method_read_only_or_always_interleaving_where_Orleans_does_not_read_it()
    {
        var misplaced = typeof(LoyaltyCardGrain).Assembly.GetTypes()
            .Where(t => typeof(Grain).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.IsDefined(typeof(ReadOnlyAttribute)) || m.IsDefined(typeof(AlwaysInterleaveAttribute)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();

        Assert.True(misplaced.Count == 0, $"put these methods' interleaving attributes on their grain interface: {string.Join(", ", misplaced)}");
    }
}
