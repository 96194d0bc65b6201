namespace RetentionActors.Grains.Storage;

/// <summary>
/// A customer's group in a targeted action (<see cref="Action"/> is <c>campaign:&lt;id&gt;</c>, <c>winback:&lt;campaign&gt;</c>
/// or <c>segment:&lt;campaign&gt;</c>), recorded once: the first record stands, so a repeat never moves a customer.
/// Purchases after <see cref="AssignedAt"/> are the customer's outcome.
/// </summary>
public sealed record HoldoutAssignment(string Action, bool HeldOut, DateTimeOffset AssignedAt);
