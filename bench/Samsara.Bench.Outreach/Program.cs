using Samsara.Bench.Outreach;

// Outreach engine benchmarks (docs/benchmarks.md). Usage:
//   dotnet bench/Samsara.Bench.Outreach/bin/Release/net10.0/Samsara.Bench.Outreach.dll throughput --db sqlite|postgres [--sends 10000] [--concurrency 16]
//   ... timers --db sqlite|postgres [--timers 100000] [--window-seconds 120]
//   ... crash --db sqlite|postgres [--sends 5000] [--trials 20] [--nodes 1|2]
// PostgreSQL runs need SAMSARA_TEST_POSTGRES (scripts/test-env/postgres.sh). "node" is the engine process the crash run starts and kills.
var command = args.Length > 0 ? args[0] : "";
var rest = new Args(args.Skip(1).ToArray());
return command switch
{
    "throughput" => await ThroughputBench.RunAsync(rest),
    "timers" => await TimerBench.RunAsync(rest),
    "crash" => await CrashBench.RunAsync(rest),
    "node" => await NodeCommand.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Samsara.Bench.Outreach throughput|timers|crash|node --db sqlite|postgres [options]; see Program.cs");
    return 2;
}
