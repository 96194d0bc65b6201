using RetentionActors.Grains.Storage;

namespace RetentionActors.Grains.Customers;

/// <summary>
/// The answers of operations done, for repeats. Memory knows a hash of each key done (<see cref="OperationKeys"/>), so an
/// operation never done costs no read; storage, or the commit on its way there, has the key and the answer.
/// </summary>
internal sealed class StoredAnswers(string customerId, ICustomerStore store, CustomerMemory memory, CommitPipeline pipeline)
{
    /// <summary>The answer stored with operation <paramref name="key"/>, or null when the operation was not done.</summary>
    /// <param name="occurredAt">When the operation occurred, as its till says: an old one may be done with its key not in memory.</param>
    public async Task<T?> GetAsync<T>(string key, DateTimeOffset? occurredAt = null) where T : class =>
        await AnswerAsync(key, KindOf<T>(), occurredAt) is not { } answer ? null
        : answer.Value as T ?? throw new InvalidOperationException($"The answer stored with operation {key} of customer {customerId} is not a {typeof(T).Name}.");

    /// <summary>Whether operation <paramref name="key"/>, which answers a <typeparamref name="T"/>, was done (its answer is stored).</summary>
    public async Task<bool> DoneAsync<T>(string key) => await AnswerAsync(key, KindOf<T>()) is not null;

    /// <summary>
    /// The stored first answer of <paramref name="done"/>'s operation in the shape of the call's <paramref name="answer"/>,
    /// marked as a repeat: the call was decided again because its key was not in memory, and the store refused it.
    /// </summary>
    public async Task<object?> FirstAnswerAsync(OperationAlreadyDoneException done, object? answer) =>
        RefusedCommitAnswers.Repeated(done, answer, answer is not null && OperationAnswer.KindOf(answer.GetType()) is { } kind
            ? await store.ReadOperationAnswerAsync(customerId, done.OperationKey, kind)
            : null);

    private async Task<OperationAnswer?> AnswerAsync(string key, AnswerKind kind, DateTimeOffset? occurredAt = null) =>
        !memory.Operations.MayContain(key, occurredAt) ? null : pipeline.PendingAnswer(key) ?? await store.ReadOperationAnswerAsync(customerId, key, kind);

    private static AnswerKind KindOf<T>() =>
        OperationAnswer.KindOf<T>() ?? throw new ArgumentException($"The store keeps no answer of type {typeof(T).Name}.", nameof(T));
}
