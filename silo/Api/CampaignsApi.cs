using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts.Campaigns;
using RetentionActors.Contracts.Program;

namespace RetentionActors.Silo.Api;

/// <summary>The campaign pages: each campaign of the program in force with how much of its budget or gift stock it gave.</summary>
public static class CampaignsApi
{
    public static RouteGroupBuilder MapCampaignsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/campaigns", ListAsync).WithSummary("The program's campaigns with their terms and how much of their points budget or gift stock they gave, net of returns.");
        api.MapGet("/campaigns/{id}", GetAsync).WithSummary("One campaign's terms and how much of its points budget or gift stock it gave, net of returns.");
        return api;
    }

    // A campaign counts in its own grain; a program has a handful of campaigns, so one call each is bounded.
    private static async Task<Ok<IReadOnlyList<CampaignStatus>>> ListAsync(IGrainFactory grains)
    {
        var settings = (await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync()).Settings;
        var statuses = await Task.WhenAll(settings.Campaigns.Select(c => grains.GetGrain<ICampaignGrain>(c.Id).GetAsync(c)));
        return TypedResults.Ok<IReadOnlyList<CampaignStatus>>(statuses);
    }

    private static async Task<Results<Ok<CampaignStatus>, NotFound>> GetAsync(string id, IGrainFactory grains)
    {
        var settings = (await grains.GetGrain<IProgramGrain>(IProgramGrain.DefaultId).GetAsync()).Settings;
        return settings.Campaigns.FirstOrDefault(c => c.Id == id) is { } terms
            ? TypedResults.Ok(await grains.GetGrain<ICampaignGrain>(id).GetAsync(terms))
            : TypedResults.NotFound();
    }
}
