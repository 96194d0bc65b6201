using RetentionActors.Contracts.Customers;
using RetentionActors.Domain;

namespace RetentionActors.Grains.Maintenance;

public sealed partial class MaintenanceSweepGrain
{
    /// <summary>One sweep's pages and counts. Runs on the grain's scheduler only, so the counts need no locks.</summary>
    private sealed class SweepRun(MaintenanceSweepGrain grain, DateTimeOffset now)
    {
        private readonly MaintenanceSweepOptions _options = grain._options;
        private readonly CancellationToken _stop = grain._deactivating.Token;

        public int Maintained { get; private set; }
        public int Failed { get; private set; }

        // Set when a customer's maintenance found the database away: the others would only fail the same way.
        private bool _storeAway;

        /// <summary>Every slot of the bucket: who is due by time, then whose birthday week is open.</summary>
        public async Task AllAsync(Range slots, ProgramRules rules)
        {
            for (var slot = slots.Start.Value; slot < slots.End.Value; slot++)
            {
                await ByTimeAsync(DueReason.PointsExpiry, slot);
                if (rules.Tiers.IsEnabled)
                {
                    await ByTimeAsync(DueReason.TierReview, slot);
                }
                if (rules.Mechanics.BirthdayBonus > 0)
                {
                    foreach (var (birthday, bonusKey) in BirthdayWeeks.OpenOn(now))
                    {
                        await BirthdaysAsync(slot, birthday, bonusKey);
                    }
                }
            }
        }

        private async Task ByTimeAsync(DueReason reason, int slot)
        {
            DueCustomer? after = null;
            while (true)
            {
                var page = await grain._store.DueAsync(reason, slot, now, after, _options.PageSize, _stop);
                await MaintainAsync(page.Select(d => d.CustomerId));
                if (page.Count < _options.PageSize)
                {
                    return;
                }
                after = page[^1];
            }
        }

        private async Task BirthdaysAsync(int slot, int birthday, string bonusKey)
        {
            string? after = null;
            while (true)
            {
                var page = await grain._store.BirthdaysAsync(slot, birthday, bonusKey, after, _options.PageSize, _stop);
                await MaintainAsync(page);
                if (page.Count < _options.PageSize)
                {
                    return;
                }
                after = page[^1];
            }
        }

        // At most Concurrency customers at once; the next starts as soon as one ends.
        private async Task MaintainAsync(IEnumerable<string> customers)
        {
            var running = new List<Task>();
            foreach (var customerId in customers)
            {
                _stop.ThrowIfCancellationRequested();
                if (_storeAway)
                {
                    break;
                }
                if (running.Count >= _options.Concurrency)
                {
                    running.Remove(await Task.WhenAny(running));
                }
                running.Add(MaintainAsync(customerId));
            }
            await Task.WhenAll(running);
            if (_storeAway)
            {
                // Those not reached are still due in the store: the next tick finds them.
                throw new StoreUnavailableException();
            }
        }

        private async Task MaintainAsync(string customerId)
        {
            try
            {
                await grain.GrainFactory.GetGrain<ICustomerClusterGrain>(customerId).RunMaintenanceAsync();
                Maintained++;
            }
            catch (StoreUnavailableException)
            {
                // Said once for the whole sweep when it stops, not once per customer with a stack trace.
                Failed++;
                _storeAway = true;
            }
            catch (Exception exception)
            {
                // Still due in the store: the next sweep tries again.
                Failed++;
                LogMaintenanceFailed(grain._logger, exception, customerId, grain.Bucket);
            }
        }
    }
}
