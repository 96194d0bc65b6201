using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Program;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Api;

/// <summary>The campaign pages: each campaign of the program in force with how much of its budget or gift stock it gave, and its coupons redeemed.</summary>
public static class CampaignsApi
{
    public static RouteGroupBuilder MapCampaignsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/campaigns", ListAsync).WithSummary("The program's campaigns with their terms, how much of their points budget or gift stock they gave (net of returns), and their gift coupons issued, redeemed and voided.");
        api.MapGet("/campaigns/{id}", GetAsync).WithSummary("One campaign's terms, how much of its points budget or gift stock it gave (net of returns), and its gift coupons issued, redeemed and voided.");
        return api;
    }

    // A campaign counts in its own grain; a program has a handful of campaigns, so one call each is bounded. Coupons are
    // counted in the database, one grouped query for all campaigns.
    private static async Task<Ok<IReadOnlyList<CampaignResults>>> ListAsync(IGrainFactory grains, ICampaignCoupons coupons, CancellationToken cancellationToken)
    {
        var settings = (await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync()).Settings;
        var statuses = await Task.WhenAll(settings.Campaigns.Select(c => grains.GetGrain<ICampaignGrain>(c.Id).GetAsync(c)));
        var counted = (await coupons.CountAsync(null, cancellationToken)).ToDictionary(c => c.CampaignId, StringComparer.Ordinal);
        return TypedResults.Ok<IReadOnlyList<CampaignResults>>([.. statuses.Select(s => CampaignResults.Of(s, counted.GetValueOrDefault(s.Terms.Id)))]);
    }

    private static async Task<Results<Ok<CampaignResults>, NotFound>> GetAsync(string id, IGrainFactory grains, ICampaignCoupons coupons, CancellationToken cancellationToken)
    {
        var settings = (await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync()).Settings;
        if (settings.Campaigns.FirstOrDefault(c => c.Id == id) is not { } terms)
        {
            return TypedResults.NotFound();
        }
        var status = await grains.GetGrain<ICampaignGrain>(id).GetAsync(terms);
        var counted = await coupons.CountAsync(id, cancellationToken);
        return TypedResults.Ok(CampaignResults.Of(status, counted.FirstOrDefault()));
    }
}
