using Orleans.Core.Internal;
using RetentionActors.Contracts.Cards;
using RetentionActors.Contracts.Customers;
using RetentionActors.Domain.Mechanics;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// The operations that change the customer's document only: enrollment (with its referral), feedback, cards attached and
/// detached, and the erasure of personal data. Each writes a new version; a repeat that changes nothing writes nothing.
/// </summary>
internal sealed class DocumentChanges(ActiveCustomer customer)
{
    public async Task<EnrollmentResult> EnrollAsync(CustomerProfile profile, string? referralCode, string? enrollmentId)
    {
        Require.Id(customer.Id, "CustomerId");
        ArgumentNullException.ThrowIfNull(profile);
        profile.Validate(customer.Now);
        if (enrollmentId is not null)
        {
            Require.Id(enrollmentId, nameof(enrollmentId));
        }
        if (customer.Document is { } enrolled)
        {
            // The same sign-up again (a retry after a lost answer) is answered as it was; anything else is a second enrollment.
            return enrollmentId is not null && enrolled.EnrollmentId == enrollmentId
                ? new EnrollmentResult(await customer.SummaryAsync(), null)
                : new EnrollmentResult(null, new Decline(DeclineReason.AlreadyEnrolled, $"Customer {customer.Id} is already enrolled."));
        }

        var referrer = referralCode is null ? null : await ReferrerAsync(referralCode, profile);
        var code = await ClaimReferralCodeAsync();
        await customer.Commits.SaveDocumentAsync(new CustomerDocument(profile, customer.Now, [], Version: 1)
        {
            ReferredBy = referrer,
            EnrollmentId = enrollmentId,
            ReferralCode = Codes.ReferralToKeep(customer.Id, code),
        });
        return new EnrollmentResult(await customer.SummaryAsync(), null);
    }

    public async Task<CustomerSummary?> ErasePersonalDataAsync()
    {
        if (customer.Document is not { } document)
        {
            return null;
        }
        // The customers table's name, e-mail and phone columns follow the document, so they are cleared too. An erased
        // customer is erased again all the same: that removes free text written since, or left by an older build.
        var erasure = new PersonalDataErasure(document.Cards, document.Coupons);
        var erased = document.Profile == CustomerProfile.Erased ? null : document with { Profile = CustomerProfile.Erased, Version = document.Version + 1 };
        await customer.Commits.CommitAsync(new CustomerCommit(customer.Id, erased, [], null, null) { Erasure = erasure });
        await customer.Commits.Durable;
        // Activations of the cards and coupons whose text was replaced (and this one) still hold it in memory: they reload.
        await Task.WhenAll(erasure.RewrittenGrains.Select(grain => customer.Grains.GetGrain(grain).Cast<IGrainManagementExtension>().DeactivateOnIdle().AsTask()));
        var summary = await customer.SummaryAsync();
        customer.Reload();
        return summary;
    }

    public async Task<bool> RecordFeedbackAsync(Feedback feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        feedback.Validate(customer.Now);
        if (customer.Document is not { } document)
        {
            return false;
        }
        if (!document.Feedback.Any(f => f.Reference == feedback.Reference))
        {
            await customer.Commits.SaveDocumentAsync(document with { Feedback = [.. document.Feedback, feedback], Version = document.Version + 1 });
        }
        return true;
    }

    // The document keeps a card by its canonical text, the card grain's key.
    public async Task AttachCardAsync(CardId cardId)
    {
        var (document, card) = (customer.EnrolledDocument(), cardId.ToString());
        if (!document.Cards.Contains(card))
        {
            await customer.Commits.SaveDocumentAsync(document with { Cards = [.. document.Cards, card], Version = document.Version + 1 });
        }
    }

    public async Task DetachCardAsync(CardId cardId)
    {
        var (document, card) = (customer.EnrolledDocument(), cardId.ToString());
        if (document.Cards.Contains(card))
        {
            await customer.Commits.SaveDocumentAsync(document with { Cards = [.. document.Cards.Where(c => c != card)], Version = document.Version + 1 });
        }
    }

    // The first candidate no other customer holds becomes the customer's code. It is claimed before the document is
    // written: a retry after a failure in between tries the same candidates and finds the one it claimed already theirs.
    private async Task<string> ClaimReferralCodeAsync()
    {
        foreach (var code in Codes.ReferralCandidates(customer.Id))
        {
            if (await customer.Grains.GetGrain<IReferralCodeGrain>(code).ClaimAsync(customer.Id))
            {
                return code;
            }
        }
        throw new InvalidOperationException($"All {Codes.ReferralAttempts} referral codes of customer {customer.Id} belong to other customers.");
    }

    private async Task<string?> ReferrerAsync(string referralCode, CustomerProfile profile)
    {
        var referrer = await customer.Grains.GetGrain<IReferralCodeGrain>(referralCode.Trim().ToUpperInvariant()).GetCustomerAsync()
            ?? throw new InvalidRequestException($"Referral code '{referralCode}' is unknown.", nameof(referralCode));
        if (referrer == customer.Id)
        {
            return null;
        }
        var referrerProfile = (await customer.Grains.GetGrain<ICustomerSummaryGrain>(referrer).GetAsync())?.Profile;
        // Never for self-referral: the same person under a second id, by id (above), e-mail or phone.
        return Referral.IsSamePerson(profile.Email, profile.Phone, referrerProfile?.Email, referrerProfile?.Phone) ? null : referrer;
    }
}
