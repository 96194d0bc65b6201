using RetentionActors.Domain.Mechanics;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// Time-driven work, run when a maintenance sweep finds the customer due (MaintenanceSweepGrain), from what each commit
/// stores about it (<see cref="MaintenanceDue"/>): points expire, the tier is reviewed, birthday bonuses are given.
/// </summary>
internal sealed class CustomerSweepRun(ActiveCustomer customer)
{
    public async Task RunAsync()
    {
        if (customer.Document is not { } document)
        {
            return;
        }
        var program = await customer.ProgramAsync();
        var now = customer.Now;
        var run = CustomerMaintenance.Decide(program, customer.Account, document.Tier, document.Profile.Birthday, now);
        var changed = run.TierChanged ? document with { Tier = run.Tier, Version = document.Version + 1 } : null;
        if (run.Expiry.Entries.Count > 0 || changed is not null)
        {
            await customer.Commits.AppendAsync<object?>(key: null, run.Expiry.Entries, result: null, changed);
        }
        foreach (var key in run.BirthdayKeys)
        {
            await new PointsSpending(customer).GiveBonusOnceAsync(key, "birthday", run.BirthdayBonus, now);
        }
        if (customer.Memory.DueIsStale(customer.Now))
        {
            // Nothing to book, but the store's due times are stale (a customer filled in by the schema step): correct them,
            // or the sweeps would keep finding this customer.
            await customer.Commits.CommitAsync(new CustomerCommit(customer.Id, null, [], null, null));
        }
    }
}
