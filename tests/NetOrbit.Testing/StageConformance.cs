using System.Text.Json;
using System.Text.Json.Nodes;
using NetOrbit.Arrow;
using NetOrbit.Config;
using NetOrbit.Pipeline;
using NetOrbit.Running;
using NetOrbit.Stages;

namespace NetOrbit.Testing;

/// <summary>
/// The conformance kit: runs a small experiment with the stage built by a factory and checks what
/// every NetOrbit stage promises (declared schemas, determinism across thread counts and snapshot
/// batch boundaries, clean cancellation, faults reported by stage name, all-or-nothing tables).
/// A failed check throws <see cref="StageConformanceException"/>, so any test framework can use it.
/// </summary>
/// <example>
/// <code>
/// [Fact]
/// public async Task MyStage_PassesConformanceKit() =>
///     await StageConformance.CheckAsync(new MyStageFactory(), """{ "threshold": 0.5 }""");
/// </code>
/// </example>
public static class StageConformance
{
    /// <summary>
    /// The experiment every check runs unless <see cref="StageConformanceOptions.ExperimentJson"/>
    /// says otherwise: Iris, learning rates 0.05 and 1 (the second diverges), 2 initial
    /// conditions, 2 perturbed copies each (so member distances exist), 220 full-batch steps.
    /// </summary>
    public const string DefaultExperimentJson = """
        {
          "name": "conformance",
          "datasets": [ { "name": "iris", "source": "iris" } ],
          "learning_rates": [0.05, 1],
          "initial_conditions": { "count": 2 },
          "perturbations": { "copies": 2, "epsilons": [1e-7] },
          "steps": 220,
          "evaluation": { "every": 20 }
        }
        """;

    /// <summary>Runs every check: <see cref="CheckSchemasAsync"/>, <see cref="CheckDeterminismAsync"/>, <see cref="CheckCancellationAsync"/>, <see cref="CheckFaultsAsync"/>.</summary>
    /// <param name="factory">The factory of the stage under test.</param>
    /// <param name="optionsJson">The stage's options, as in a configuration's <c>stages</c> object.</param>
    /// <param name="options">The experiment and how to run it (default: <see cref="DefaultExperimentJson"/>, 2 threads).</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    /// <exception cref="StageConformanceException">A check failed; the message says which and why.</exception>
    public static Task<StageConformanceReport> CheckAsync(IStageFactory factory, string optionsJson = "{}", StageConformanceOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(factory, optionsJson, options, Checks.All, cancellationToken);

    /// <summary>
    /// Schemas: the stage declares at least one table, every name starts with <c>stage/</c> and is
    /// unique; a run writes exactly the declared tables, each a complete Arrow file whose columns
    /// (names, types, nullability) and schema metadata (<c>netorbit.schema</c> = <c>name/version</c>)
    /// are the declared ones.
    /// </summary>
    /// <inheritdoc cref="CheckAsync" />
    public static Task<StageConformanceReport> CheckSchemasAsync(IStageFactory factory, string optionsJson = "{}", StageConformanceOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(factory, optionsJson, options, Checks.Schemas, cancellationToken);

    /// <summary>
    /// Determinism: one stage instance, reused across every experiment (a blueprint must keep no
    /// state), writes byte-identical tables with 1 and <see cref="StageConformanceOptions.Threads"/>
    /// threads, and the same rows when its snapshots and member distances arrive in other batches:
    /// split into irregular step-aligned pieces, and on a finer trainer grid (trajectories recorded
    /// at every step).
    /// </summary>
    /// <inheritdoc cref="CheckAsync" />
    public static Task<StageConformanceReport> CheckDeterminismAsync(IStageFactory factory, string optionsJson = "{}", StageConformanceOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(factory, optionsJson, options, Checks.Determinism, cancellationToken);

    /// <summary>
    /// Cancellation: cancelling at the stage's first call makes the run throw
    /// <see cref="OperationCanceledException"/> (not a stage failure), leaves no <c>*.tmp</c> file
    /// and no table of the stage, and every Arrow file left in the run directory is complete.
    /// </summary>
    /// <inheritdoc cref="CheckAsync" />
    public static Task<StageConformanceReport> CheckCancellationAsync(IStageFactory factory, string optionsJson = "{}", StageConformanceOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(factory, optionsJson, options, Checks.Cancellation, cancellationToken);

    /// <summary>
    /// Faults: when the stage throws (injected at call <see cref="StageConformanceOptions.FailAtCall"/>)
    /// the run throws <see cref="StageFailedException"/> naming the stage, with the stage's exception
    /// inside, and no <c>*.tmp</c> and no table of the stage is left; when another stage throws, the
    /// error names that one and this stage's tables are complete, holding the rows of a run without
    /// the failure. Either way every Arrow file left is complete and <c>manifest.json</c> says <c>failed</c>.
    /// </summary>
    /// <inheritdoc cref="CheckAsync" />
    public static Task<StageConformanceReport> CheckFaultsAsync(IStageFactory factory, string optionsJson = "{}", StageConformanceOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(factory, optionsJson, options, Checks.Faults, cancellationToken);

    private static async Task<StageConformanceReport> RunAsync(IStageFactory factory, string optionsJson, StageConformanceOptions? options, Checks checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(optionsJson);
        options ??= new StageConformanceOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 2, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FailAtCall, 1, nameof(options));

        var stage = Create(factory, optionsJson);
        var work = Path.Combine(options.WorkDirectory ?? Path.GetTempPath(), $"netorbit-conformance-{stage.Name}-{Guid.NewGuid():N}");
        var session = new Session(stage, options, work, cancellationToken);
        try
        {
            if (checks.HasFlag(Checks.Schemas))
            {
                await session.SchemasAsync().ConfigureAwait(false);
            }

            if (checks.HasFlag(Checks.Determinism))
            {
                await session.DeterminismAsync().ConfigureAwait(false);
            }

            if (checks.HasFlag(Checks.Cancellation))
            {
                await session.CancellationAsync().ConfigureAwait(false);
            }

            if (checks.HasFlag(Checks.Faults))
            {
                await session.FaultsAsync().ConfigureAwait(false);
            }

            return session.Report();
        }
        finally
        {
            if (!options.KeepFiles && Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static IAnalysisStage Create(IStageFactory factory, string optionsJson)
    {
        var name = factory.Name;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(optionsJson);
        }
        catch (JsonException e)
        {
            throw new StageConformanceException(name, "options", "the options are not valid JSON: " + e.Message, e);
        }

        using (document)
        {
            var errors = new ConfigErrors();
            var stage = factory.Create(document.RootElement, "$.stages." + name, errors);
            if (stage is null || !errors.IsEmpty)
            {
                throw new StageConformanceException(name, "options", $"the factory rejects {optionsJson}: {string.Join("; ", errors.Errors)}");
            }

            if (stage.Name != name)
            {
                throw new StageConformanceException(name, "schema", $"the factory is named '{name}' but builds a stage named '{stage.Name}'");
            }

            return stage;
        }
    }

    [Flags]
    private enum Checks
    {
        Schemas = 1,
        Determinism = 2,
        Cancellation = 4,
        Faults = 8,
        All = Schemas | Determinism | Cancellation | Faults,
    }

    /// <summary>One stage's checks: its run directories, the reference run shared by the checks, and what passed.</summary>
    private sealed class Session(IAnalysisStage stage, StageConformanceOptions options, string work, CancellationToken cancellationToken)
    {
        private readonly List<string> _passed = [];
        private readonly SortedDictionary<string, long> _rows = new(StringComparer.Ordinal);
        private string? _reference;
        private int _runs;

        private string Name => stage.Name;

        public StageConformanceReport Report() => new(Name, _rows, _passed);

        public async Task SchemasAsync()
        {
            var declared = stage.Tables;
            if (declared.Count == 0)
            {
                Fail("schema", "it declares no table");
            }

            foreach (var t in declared)
            {
                if (!t.Name.StartsWith(Name + "/", StringComparison.Ordinal) || t.Name.Length == Name.Length + 1)
                {
                    Fail("schema", $"table '{t.Name}' does not start with '{Name}/'");
                }

                if (!t.Schema.Metadata.TryGetValue(ArrowMetadata.SchemaKey, out var tag) || tag != t.SchemaTag)
                {
                    Fail("schema", $"table '{t.Name}' declares {ArrowMetadata.SchemaKey} = '{tag}', expected '{t.SchemaTag}' (use TableDefinition.Create)");
                }
            }

            if (declared.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != declared.Count)
            {
                Fail("schema", "it declares a table twice");
            }

            if (stage.SnapshotInterval < 0)
            {
                Fail("schema", $"its SnapshotInterval is {stage.SnapshotInterval}; it must be 0 (none) or more");
            }

            var dir = await ReferenceAsync().ConfigureAwait(false);
            var written = TableFiles.StageTables(dir, Name);
            var expected = declared.Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
            if (!written.SequenceEqual(expected))
            {
                Fail("schema", $"it wrote [{string.Join(", ", written)}], declared [{string.Join(", ", expected)}]");
            }

            foreach (var t in declared)
            {
                var (schema, _) = Read("schema", TableFiles.PathOf(dir, t.Name));
                if (!SchemaComparer.SameFields(t.Schema, schema, out var why))
                {
                    Fail("schema", $"{t.Name}.arrow: {why}");
                }

                for (var i = 0; i < schema.FieldsList.Count; i++)
                {
                    if (schema.FieldsList[i].IsNullable != t.Schema.FieldsList[i].IsNullable)
                    {
                        Fail("schema", $"{t.Name}.arrow: column {schema.FieldsList[i].Name} is {(schema.FieldsList[i].IsNullable ? "" : "not ")}nullable, declared {(t.Schema.FieldsList[i].IsNullable ? "" : "not ")}nullable");
                    }
                }

                foreach (var (key, value) in t.Schema.Metadata)
                {
                    if (schema.Metadata is null || !schema.Metadata.TryGetValue(key, out var found) || found != value)
                    {
                        Fail("schema", $"{t.Name}.arrow: schema metadata {key} is '{schema.Metadata?.GetValueOrDefault(key)}', declared '{value}'");
                    }
                }
            }

            _passed.Add($"schema: {declared.Count} declared table(s) written with their declared columns, nullability and {ArrowMetadata.SchemaKey}");
        }

        public async Task DeterminismAsync()
        {
            var reference = await ReferenceAsync().ConfigureAwait(false);
            var threads = await RunAsync(stage, options.Threads).ConfigureAwait(false);
            foreach (var t in stage.Tables)
            {
                var a = TableFiles.PathOf(reference, t.Name);
                var b = TableFiles.PathOf(threads, t.Name);
                if (!File.Exists(b) || !File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)))
                {
                    Fail("determinism", $"{t.Name}.arrow differs between 1 and {options.Threads} threads");
                }
            }

            _passed.Add($"determinism: byte-identical tables with 1 and {options.Threads} threads");

            var rebatched = await RunAsync(new ProbeStage(stage, ProbeMode.Rebatch), options.Threads).ConfigureAwait(false);
            SameRows(reference, rebatched, "snapshots re-split into pieces of 1, 3, 2 and 5 steps, member distances into pieces of 7, 21, 14 and 35 steps");
            var recorded = await RunAsync(stage, options.Threads, c => c["recording"] = new JsonObject { ["mode"] = "snapshots", ["every"] = 1, ["members"] = "reference" }).ConfigureAwait(false);
            SameRows(reference, recorded, "the trainer emitting every step (trajectories recorded)");
            _passed.Add("batch-boundaries: the same rows when snapshots and member distances arrive in other batches");
        }

        public async Task CancellationAsync()
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var dir = NextDirectory();
            Exception? thrown = null;
            try
            {
                await Build(new ProbeStage(stage, ProbeMode.Cancel, 1, cts), null).RunAsync(dir, new ExperimentRunOptions { Threads = options.Threads }, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                thrown = e;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (thrown is not OperationCanceledException)
            {
                Fail("cancellation", thrown is null
                    ? "the run completed although it was cancelled at the stage's first call"
                    : $"the cancelled run threw {thrown.GetType().Name} instead of OperationCanceledException: {thrown.Message}", thrown);
            }

            CheckLeftovers("cancellation", dir);
            _passed.Add("cancellation: OperationCanceledException, no *.tmp, no table of the stage, every file left complete");
        }

        public async Task FaultsAsync()
        {
            var dir = NextDirectory();
            var e = await FailingRunAsync(new ProbeStage(stage, ProbeMode.Fail, options.FailAtCall), null, dir).ConfigureAwait(false);
            if (e.Stage != Name || !e.Message.Contains($"stage '{Name}'", StringComparison.Ordinal))
            {
                Fail("fault", $"the stage threw but the error names '{e.Stage}': {e.Message}", e);
            }

            if (e.InnerException is not InjectedFaultException)
            {
                Fail("fault", $"the error does not carry the stage's exception: {e.InnerException?.GetType().Name}: {e.InnerException?.Message}", e);
            }

            CheckLeftovers("fault", dir);
            CheckManifestFailed(dir);

            dir = NextDirectory();
            e = await FailingRunAsync(stage, new FaultingStage(), dir).ConfigureAwait(false);
            if (e.Stage != FaultingStage.StageName)
            {
                Fail("fault", $"another stage ('{FaultingStage.StageName}') threw but the error names '{e.Stage}': {e.Message}", e);
            }

            // Another stage's failure stops only that stage: this one's tables are complete and hold
            // what they hold without it.
            CheckLeftovers("fault", dir, stageTablesExpected: true);
            SameRows(await ReferenceAsync().ConfigureAwait(false), dir, "another stage throwing in the same run");
            CheckManifestFailed(dir);
            _passed.Add("fault: StageFailedException naming the stage that threw (this one or another); when this one throws, no *.tmp and no table of it; when another throws, this one's tables complete and unchanged; every file left complete");
        }

        private async Task<StageFailedException> FailingRunAsync(IAnalysisStage tested, IAnalysisStage? sibling, string dir)
        {
            try
            {
                await Build(tested, sibling).RunAsync(dir, new ExperimentRunOptions { Threads = options.Threads }, cancellationToken).ConfigureAwait(false);
            }
            catch (StageFailedException e)
            {
                return e;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Fail("fault", $"a failing stage made the run throw {e.GetType().Name} instead of StageFailedException: {e.Message}", e);
            }

            Fail("fault", "the run completed although a stage threw");
            return null!;
        }

        // After a failure or a cancellation: nothing half-written, nothing of the stage, and every
        // Arrow file that is there (datasets, trajectories, other stages' committed tables) complete.
        private void CheckLeftovers(string check, string dir, bool stageTablesExpected = false)
        {
            var tmp = TableFiles.TemporaryFiles(dir);
            if (tmp.Count > 0)
            {
                Fail(check, $"temporary files were left: {string.Join(", ", tmp)}");
            }

            var tables = TableFiles.StageTables(dir, Name);
            if (tables.Count > 0 && !stageTablesExpected)
            {
                Fail(check, $"tables of the stage were left: {string.Join(", ", tables)}");
            }

            foreach (var f in Directory.GetFiles(dir, "*.arrow", SearchOption.AllDirectories))
            {
                Read(check, f);
            }
        }

        private void CheckManifestFailed(string dir)
        {
            var manifest = Path.Combine(dir, "manifest.json");
            using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
            if (doc.RootElement.GetProperty("status").GetString() != "failed")
            {
                Fail("fault", $"manifest.json says status '{doc.RootElement.GetProperty("status")}', expected 'failed'");
            }
        }

        private void SameRows(string reference, string other, string how)
        {
            foreach (var t in stage.Tables)
            {
                var a = TableFiles.Rows(TableFiles.PathOf(reference, t.Name));
                var path = TableFiles.PathOf(other, t.Name);
                if (!File.Exists(path))
                {
                    Fail("batch-boundaries", $"{t.Name}.arrow was not written with {how}");
                }

                var b = TableFiles.Rows(path);
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    if (i >= a.Count || i >= b.Count || a[i] != b[i])
                    {
                        Fail("batch-boundaries", $"{t.Name}.arrow differs with {how}: row {i} is {(i < b.Count ? b[i] : "missing")}, expected {(i < a.Count ? a[i] : "no row")}");
                    }
                }
            }
        }

        private async Task<string> ReferenceAsync()
        {
            if (_reference is null)
            {
                _reference = await RunAsync(stage, 1).ConfigureAwait(false);
                foreach (var t in stage.Tables)
                {
                    var path = TableFiles.PathOf(_reference, t.Name);
                    if (File.Exists(path))
                    {
                        _rows[t.Name] = Read("schema", path).Rows;
                    }
                }
            }

            return _reference;
        }

        private async Task<string> RunAsync(IAnalysisStage tested, int threads, Action<JsonObject>? edit = null)
        {
            var dir = NextDirectory();
            try
            {
                await Build(tested, null, edit).RunAsync(dir, new ExperimentRunOptions { Threads = threads }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Fail("run", $"the experiment failed with {threads} thread(s): {e.Message}", e);
            }

            return dir;
        }

        private Experiment Build(IAnalysisStage tested, IAnalysisStage? sibling, Action<JsonObject>? edit = null)
        {
            var builder = ExperimentBuilder.FromJson(options.ExperimentJson ?? DefaultExperimentJson, "<conformance experiment>", work)
                .Configure(c =>
                {
                    c.Remove("stages");
                    c["recording"] = new JsonObject { ["mode"] = "summaries" };
                    edit?.Invoke(c);
                })
                .AddStage(tested);
            if (sibling is not null)
            {
                builder.AddStage(sibling);
            }

            try
            {
                return builder.Build();
            }
            catch (ConfigException e)
            {
                throw new StageConformanceException(Name, "experiment", "the conformance experiment is invalid: " + e.Message, e);
            }
        }

        private string NextDirectory() => Path.Combine(work, $"run{++_runs}");

        private (Apache.Arrow.Schema Schema, long Rows) Read(string check, string path)
        {
            try
            {
                return TableFiles.ReadWhole(path);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Fail(check, $"{Path.GetRelativePath(work, path)} is not a complete Arrow file: {e.Message}", e);
                throw;
            }
        }

        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        private void Fail(string check, string message, Exception? inner = null) => throw new StageConformanceException(Name, check, message, inner);
    }
}
