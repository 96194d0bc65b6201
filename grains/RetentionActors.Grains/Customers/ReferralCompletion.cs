using RetentionActors.Contracts.Customers;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// The referrer's half of a referral bonus, asked of the referrer's grain once the friend's half is durable, and retried on
/// the friend's later purchases until it lands: the friend's purchase never waits on, or fails with, the referrer.
/// </summary>
internal sealed class ReferralCompletion(ActiveCustomer customer)
{
    public async Task CompleteAsync()
    {
        if (customer.Document is not { ReferredBy: { } referrer, FriendBonusGiven: true })
        {
            return;
        }
        try
        {
            await customer.Commits.Durable;
            await customer.Grains.GetGrain<ICustomerClusterGrain>(referrer).AwardReferralAsync(customer.Id);
            var document = customer.EnrolledDocument();
            await customer.Commits.SaveDocumentAsync(document with { ReferredBy = null, Version = document.Version + 1 });
        }
        catch (Exception e) when (e is not InvalidRequestException)
        {
            // The friend's purchase stands; the referrer's half is tried again on the friend's next purchase.
            CustomerLog.LogReferralDeferred(customer.Logger, e, customer.Id, referrer);
        }
    }
}
