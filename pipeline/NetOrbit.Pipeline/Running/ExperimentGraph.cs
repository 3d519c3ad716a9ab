using System.Threading.Tasks.Dataflow;
using NetOrbit.Contracts;

namespace NetOrbit.Running;

/// <summary>
/// The Dataflow graph of an experiment: run plans -> trainer block (parallel across runs) ->
/// an explicit fan-out that sends every event to every consumer -> one bounded block per consumer.
/// Every block is bounded, so memory stays flat however large the grid. A failing trainer or sink
/// cancels the rest; a failing analysis stage (<see cref="IRunConsumer.Isolated"/>) stops only
/// itself, so every other table is completed. Either way the first failure surfaces as a
/// <see cref="StageFailedException"/> naming the block.
/// </summary>
internal static class ExperimentGraph
{
    /// <summary>Events queued per consumer before the fan-out waits.</summary>
    internal const int ConsumerCapacity = 16;

    public static async Task RunAsync<TPlan>(
        IReadOnlyList<TPlan> plans,
        Func<TPlan, CancellationToken, IAsyncEnumerable<RunEvent>> train,
        IReadOnlyList<IRunConsumer> consumers,
        int threads,
        CancellationToken cancellationToken,
        SemaphoreSlim? slots = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);

        // With shared slots a plan is sent to the trainer only once it holds one (taken here, asynchronously, so no
        // pool thread waits), and gives it back when its training ends; the slots of plans that never trained (the
        // block dropped them on cancellation or failure) are given back once the trainer has settled.
        long slotsTaken = 0, slotsGiven = 0;
        void GiveSlot()
        {
            Interlocked.Increment(ref slotsGiven);
            slots!.Release();
        }

        void GiveUnusedSlots()
        {
            var unused = Interlocked.Read(ref slotsTaken) - Interlocked.Read(ref slotsGiven);
            if (slots is not null && unused > 0)
            {
                Interlocked.Add(ref slotsGiven, unused);
                slots.Release((int)unused);
            }
        }

        async IAsyncEnumerable<RunEvent> HoldingSlot(IAsyncEnumerable<RunEvent> run)
        {
            try
            {
                await foreach (var e in run.ConfigureAwait(false))
                {
                    yield return e;
                }
            }
            finally
            {
                GiveSlot();
            }
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = cts.Token;
        Exception? firstFailure = null;
        string? failedBlock = null;
        Exception? stageFailure = null;
        string? failedStage = null;
        var stopped = new int[consumers.Count];

        // An isolated consumer that threw: it gets no more events; the others carry on.
        void Stop(int i, Exception e)
        {
            if (e is OperationCanceledException && ct.IsCancellationRequested)
            {
                return;
            }

            Volatile.Write(ref stopped[i], 1);
            if (Interlocked.CompareExchange(ref stageFailure, e, null) is null)
            {
                failedStage = consumers[i].Name;
            }
        }

        void Fail(string block, Exception e)
        {
            if (e is OperationCanceledException && ct.IsCancellationRequested)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref firstFailure, e, null) is null)
            {
                failedBlock = block;
            }

            cts.Cancel();
        }

        var trainer = new TransformManyBlock<TPlan, RunEvent>(
            plan => Guard("trainer", slots is null ? train(plan, ct) : HoldingSlot(train(plan, ct))),
            new ExecutionDataflowBlockOptions
            {
                MaxDegreeOfParallelism = threads,
                BoundedCapacity = threads * 2,
                EnsureOrdered = false,
                CancellationToken = ct,
                NameFormat = "trainer",
                SingleProducerConstrained = true,
            });

        async IAsyncEnumerable<RunEvent> Guard(string name, IAsyncEnumerable<RunEvent> source)
        {
            await using var e = source.GetAsyncEnumerator(ct);
            while (true)
            {
                RunEvent current;
                try
                {
                    if (!await e.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    current = e.Current;
                }
                catch (Exception ex)
                {
                    Fail(name, ex);
                    yield break;
                }

                yield return current;
            }
        }

        var consumerBlocks = consumers.Select((c, i) => new ActionBlock<RunEvent>(
            async e =>
            {
                try
                {
                    if (Volatile.Read(ref stopped[i]) == 0)
                    {
                        await c.OnEventAsync(e, ct).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (c.Isolated)
                {
                    Stop(i, ex);
                }
                catch (Exception ex)
                {
                    Fail(c.Name, ex);
                }
                finally
                {
                    e.Snapshots?.Release();
                }
            },
            new ExecutionDataflowBlockOptions
            {
                BoundedCapacity = ConsumerCapacity,
                MaxDegreeOfParallelism = 1,
                CancellationToken = ct,
                NameFormat = c.Name,
                SingleProducerConstrained = true,
            })).ToArray();

        var fanOut = new ActionBlock<RunEvent>(
            async e =>
            {
                e.Snapshots?.SetConsumers(consumerBlocks.Length);
                if (consumerBlocks.Length == 0)
                {
                    e.Snapshots?.Dispose();
                }

                foreach (var target in consumerBlocks)
                {
                    if (!await target.SendAsync(e, ct).ConfigureAwait(false))
                    {
                        e.Snapshots?.Release();
                    }
                }
            },
            new ExecutionDataflowBlockOptions
            {
                BoundedCapacity = threads * 2,
                CancellationToken = ct,
                NameFormat = "fan-out",
                SingleProducerConstrained = true,
            });

        trainer.LinkTo(fanOut, new DataflowLinkOptions { PropagateCompletion = true });
        _ = fanOut.Completion.ContinueWith(
            t =>
            {
                foreach (var b in consumerBlocks)
                {
                    b.Complete();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        try
        {
            foreach (var plan in plans)
            {
                if (slots is not null)
                {
                    await slots.WaitAsync(ct).ConfigureAwait(false);
                    Interlocked.Increment(ref slotsTaken);
                }

                if (!await trainer.SendAsync(plan, ct).ConfigureAwait(false))
                {
                    break;
                }
            }

            trainer.Complete();
            await WhenAllSettled([trainer.Completion, fanOut.Completion, .. consumerBlocks.Select(b => b.Completion)]).ConfigureAwait(false);
            GiveUnusedSlots();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            trainer.Complete();
            await WhenAllSettled([trainer.Completion, fanOut.Completion, .. consumerBlocks.Select(b => b.Completion)]).ConfigureAwait(false);
            GiveUnusedSlots();
        }

        // The caller's token too: CancelAsync sets it at once but reaches the linked token a moment later.
        if (firstFailure is null && !ct.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            for (var i = 0; i < consumers.Count; i++)
            {
                var c = consumers[i];
                if (Volatile.Read(ref stopped[i]) != 0)
                {
                    await c.AbortAsync().ConfigureAwait(false);
                    continue;
                }

                try
                {
                    await c.CompleteAsync(ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (c.Isolated)
                {
                    Stop(i, ex);
                    await c.AbortAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    Fail(c.Name, ex);
                    break;
                }
            }
        }

        if (firstFailure is not null || ct.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            foreach (var c in consumers)
            {
                await c.AbortAsync().ConfigureAwait(false);
            }
        }

        if (firstFailure is not null)
        {
            throw new StageFailedException(failedBlock ?? "?", firstFailure);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (stageFailure is not null)
        {
            throw new StageFailedException(failedStage ?? "?", stageFailure);
        }
    }

    private static async Task WhenAllSettled(Task[] tasks)
    {
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (tasks.All(t => t.IsCompleted))
        {
            // Failures were recorded by Fail(); cancellation is reported by the caller.
        }
    }
}
