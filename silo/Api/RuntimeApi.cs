using Microsoft.AspNetCore.Http.HttpResults;
using RetentionActors.Contracts.Runtime;

namespace RetentionActors.Silo.Api;

public static class RuntimeApi
{
    public static RouteGroupBuilder MapRuntimeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/runtime/memory", Memory)
            .WithSummary("This silo's resident memory, its GC heap after the last collection and the last full one, collections so far, CPU time used and time spent compiling code.");
        // Admins only: a full compacting collection pauses the silo for as long as it takes (tens to hundreds of milliseconds).
        api.MapPost("/runtime/memory/collect", Collect).RequireAuthorization(BackOfficeTokens.ChangePolicy)
            .WithSummary("Runs a full, compacting garbage collection now that also gives back the memory the collector held, and answers the memory after it: what is really alive. Changes no data.");
        return api;
    }

    private static Ok<RuntimeMemory> Memory() => TypedResults.Ok(RuntimeMemoryReading.Now());

    private static Ok<RuntimeMemory> Collect()
    {
        // Aggressive: compacts every generation, the large-object heap too, and decommits what is left free.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return TypedResults.Ok(RuntimeMemoryReading.Now());
    }
}
