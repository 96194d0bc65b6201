using Microsoft.Extensions.Logging;
using RetentionActors.Contracts.Customers;
using RetentionActors.Domain;
using RetentionActors.Domain.Ledger;
using RetentionActors.Grains.Coupons;
using RetentionActors.Grains.Program;
using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// What an operation on this customer works with, one per activation: the id, memory, how commits are staged, the stored
/// answers, the program's rules, the clock and the grains around the customer. The operation classes (purchases, returns,
/// redemptions, the sweep's run, enrollment) take it, so the grain itself only takes turns and routes calls.
/// </summary>
internal sealed class ActiveCustomer
{
    private readonly ProgramRulesCache _programRules;
    private readonly TimeProvider _clock;
    private readonly Action _reload;

    public ActiveCustomer(string id, StoredCustomer? stored, ICustomerStore store, ProgramRulesCache programRules, IGrainFactory grains,
        CouponCodes couponCodes, TimeProvider clock, ILogger logger, Action reload)
    {
        (Id, Store, Grains, CouponCodes, Logger, _programRules, _clock, _reload) = (id, store, grains, couponCodes, logger, programRules, clock, reload);
        Memory = CustomerMemory.Load(stored);
        var pipeline = new CommitPipeline(store, OnCommitFailed);
        Commits = new CustomerCommits(id, Memory, pipeline, clock, reload);
        Answers = new StoredAnswers(id, store, Memory, pipeline);
    }

    public string Id { get; }
    public ICustomerStore Store { get; }
    public IGrainFactory Grains { get; }
    public CouponCodes CouponCodes { get; }
    public ILogger Logger { get; }
    public CustomerMemory Memory { get; }
    public CustomerCommits Commits { get; }
    public StoredAnswers Answers { get; }

    public CustomerDocument? Document => Memory.Document;
    public PointsAccount Account => Memory.Account;
    public DateTimeOffset Now => _clock.GetUtcNow();
    public string NotEnrolledMessage => $"Customer {Id} is not enrolled.";

    /// <summary>The decline, in the operation's answer, of an operation on a customer not enrolled; null when enrolled.</summary>
    public T? NotEnrolled<T>(Func<DeclineReason, string, T> declined) where T : class =>
        Document is null ? declined(DeclineReason.NotEnrolled, NotEnrolledMessage) : null;

    public CustomerDocument EnrolledDocument() => Document ?? throw new InvalidOperationException(NotEnrolledMessage);

    /// <summary>Every version of the program's rules, from this silo's cache; its lot timing is kept for the due times.</summary>
    public async ValueTask<ProgramHistory> ProgramAsync()
    {
        var program = await _programRules.GetAsync();
        Memory.Timing = program.Timing;
        return program;
    }

    public async Task<CustomerSummary> SummaryAsync() => CustomerSummaries.Of(Id, EnrolledDocument(), Account, await ProgramAsync(), Now);

    /// <summary>Throws memory away: the next call activates the customer again from what storage holds.</summary>
    public void Reload() => _reload();

    // Storage may hold less than memory: reload on the next call rather than guess.
    private void OnCommitFailed(Exception exception)
    {
        if (exception is StoreUnavailableException)
        {
            // The silo logs the outage once; one warning per customer with a stack trace would bury it.
            CustomerLog.LogCommitRefusedStoreUnavailable(Logger, Id);
        }
        else
        {
            CustomerLog.LogCommitFailed(Logger, exception, Id);
        }
        _reload();
    }
}
