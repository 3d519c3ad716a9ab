using BenchmarkDotNet.Running;

// typeof(Program) would be ambiguous: the netorbit CLI's top-level Program is visible here through InternalsVisibleTo.
BenchmarkSwitcher.FromAssembly(typeof(NetOrbit.Benchmarks.Graph.GraphStageBenchmarks).Assembly).Run(args);
