using RetentionActors.Contracts;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Orleans.Runtime;
using RetentionActors.Grains.Security;
using RetentionActors.Storage.Analytics;
using RetentionActors.Storage.BackOffice;

namespace RetentionActors.Silo.Api;

/// <summary>Wires the back office into the silo's web host: operators and sessions, audit, ProblemDetails, OpenAPI, endpoints and pages.</summary>
public static class BackOfficeApi
{
    public static WebApplicationBuilder AddBackOffice(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<BackOfficeTokens>();
        services.AddSingleton<BackOfficeCredentials>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<OperatorSessions>();
        services.AddSingleton<AdjustmentApprovals>();
        services.AddAuthentication(BackOfficeTokens.Scheme)
            .AddScheme<AuthenticationSchemeOptions, BackOfficeAuthenticationHandler>(BackOfficeTokens.Scheme, null);
        services.AddSingleton<IAuthorizationHandler, DashboardAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(BackOfficeTokens.ReadPolicy, p => p.RequireRole(BackOfficeTokens.AdminRole, BackOfficeTokens.ApproverRole, BackOfficeTokens.AnalystRole))
            .AddPolicy(BackOfficeTokens.ChangePolicy, p => p.RequireRole(BackOfficeTokens.AdminRole))
            .AddPolicy(BackOfficeTokens.ApprovePolicy, p => p.RequireRole(BackOfficeTokens.AdminRole, BackOfficeTokens.ApproverRole))
            .AddPolicy(BackOfficeTokens.DashboardPolicy, p => p.AddRequirements(new DashboardAccessRequirement()));
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<SlowQueryExceptionHandler>();
        // A body or parameter the endpoint cannot read reaches BadRequestExceptionHandler, which names the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            // Enums by name only, as the OpenAPI document lists them: a number (2, 99) is refused, not read as some kind or role.
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            // Null is missing, and a required field is required: a body that leaves one out or sends null for a field
            // that cannot be null is refused (400), rather than read as an empty list or a zero.
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            // A field the request does not have (a misspelt "valid_days") is refused by name rather than ignored, leaving
            // the default in its place; and a field given twice is refused rather than read as whichever came last.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        services.AddOpenApi();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AuditLog>();
        services.AddSingleton<SqlRetentionFigures>();
        services.AddSingleton<IRetentionFigures>(provider => provider.GetRequiredService<SqlRetentionFigures>());
        services.AddSingleton<IRfmSegments, SqlRfmSegments>();
        services.AddSingleton<IDormantCustomers, SqlDormantCustomers>();
        services.AddSingleton<INpsAnswers, SqlNpsAnswers>();
        services.AddSingleton<IWinBackStore, SqlWinBackStore>();
        services.AddSingleton<ICsvExports, SqlCsvExports>();
        services.AddSingleton<Storage.Uplift.SqlHoldouts>();
        services.AddSingleton<TargetedCoupons>();
        services.AddSingleton<NetPromoterScore>();
        services.AddSingleton<RetentionActors.Storage.Analytics.SqlPointsLiability>();
        services.AddSingleton<PointsLiability>();
        services.AddSingleton<RetentionActors.Storage.BackOffice.IProgramGlance, RetentionActors.Storage.BackOffice.SqlProgramGlance>();
        services.AddSingleton<RetentionActors.Storage.BackOffice.ICampaignCoupons, RetentionActors.Storage.BackOffice.SqlCampaignCoupons>();
        services.AddSingleton<RetentionActors.Storage.BackOffice.SqlLedgerPages>();
        return builder;
    }

    public static WebApplication UseBackOffice(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        // Grain calls made for a logged-in operator say so: the grains name them in what they record.
        app.Use(async (context, next) =>
        {
            if (context.User.Identity is { IsAuthenticated: true, Name: { } name })
            {
                RequestContext.Set(CallerContext.OperatorKey, name);
            }
            await next(context);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapBackOfficeApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().RequireAuthorization(BackOfficeTokens.ReadPolicy);
        var api = endpoints.MapGroup("/api").RequireAuthorization(BackOfficeTokens.ReadPolicy);
        api.MapAuditApi();
        api.MapCustomersApi();
        api.MapImportApi();
        api.MapAnalyticsApi();
        api.MapLiabilityApi();
        api.MapGlanceApi();
        api.MapCampaignsApi();
        api.MapWinBackApi();
        api.MapCouponsApi();
        api.MapUpliftApi();
        api.MapProgramApi();
        api.MapExportApi();
        api.MapTerminalsApi();
        api.MapOperatorsApi();
        api.MapSessionsApi();
        api.MapApprovalsApi();
        api.MapDeadLettersApi();
        api.MapDebtsApi();
        api.MapRuntimeApi();
        api.MapEventsApi();
        api.MapWebhooksApi();
        endpoints.MapBackOfficePages();
        return endpoints;
    }
}
