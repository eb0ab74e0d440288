using AutopilotPortal.Benchmarks;

// dotnet run -c Release --project tests/AutopilotPortal.Benchmarks -- <import|search|first-page|groups|dashboard|api|sync|fuzz|samples|all> [options]
var options = BenchOptions.Parse(args);
if (BenchDatabase.Configure(options) is { } problem)
{
    Console.Error.WriteLine(problem);
    return 2;
}

return options.Command switch
{
    "import" => await ImportBenchmark.RunAsync(options),
    "import-floor" => await ImportBenchmark.RunFloorAsync(options),
    "import-portal" => await ImportBenchmark.RunPortalAsync(options),
    "search" => await SearchBenchmark.RunAsync(options),
    "first-page" => await FirstPageBenchmark.RunAsync(options),
    "groups" => await GroupsBenchmark.RunAsync(options),
    "dashboard" => await DashboardBenchmark.RunAsync(options),
    "api" => await ApiBenchmark.RunAsync(options),
    "sync" => await SyncBenchmark.RunAsync(options),
    "cluster" => await ClusterBenchmark.RunAsync(options),
    "fuzz" => FuzzCommand.Run(options),
    "samples" => SamplesCommand.Run(options),
    "all" => await RunAllAsync(options),
    _ => Usage(),
};

static async Task<int> RunAllAsync(BenchOptions options)
{
    var import = await ImportBenchmark.RunAsync(options);
    var search = await SearchBenchmark.RunAsync(options);
    return import != 0 ? import : search;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project tests/AutopilotPortal.Benchmarks -- <command> [options]

          import   [--rows 10000] [--batch 500]       CSV import: raw ADO.NET floor vs ImportService, rows/s and peak memory
          search   [--devices 1000000] [--queries 200] [--seed-with-portal N] [--fresh]
                                                      DeviceService.ListAsync latency, prefix and contains
          first-page [--devices 1000000 | --database <path>] [--loads 20] [--warmup 2] [--searches 10]
                                                      the Devices page in Chromium against the real host over search's DB:
                                                      first data row visible, circuit interactive, search box to filtered page;
                                                      the overview's first figure visible
          groups   [--devices 1000000 | --database <path>]
                                                      one dynamic rule over every device of search's DB: evaluation alone,
                                                      preview (read + evaluate), rebuild (read + evaluate + write members)
          dashboard [--devices 1000000 | --database <path>] [--loads 50]
                                                      the overview's read over search's DB (p50/p95/max), beside the same
                                                      device figures counted from every row
          api      [--devices 1000000 | --database <path>] [--top 1000] [--queries 50] [--import-rows 1000]
                                                      the Graph-shaped API over HTTP against the real host, bearer token from its
                                                      token endpoint: every device through @odata.nextLink (ms per page, no id
                                                      twice, count = database), contains/startswith serial filters; then the
                                                      import action into a fresh database, polled until complete, beside
                                                      ImportService's CSV import of the same devices (rows/s, ratio)
          sync     [--rows 100000]                    one sync over N registrations written to DDS alone (no Entra object,
                                                      no Intune row): the sync creates both; then every registration's
                                                      group tag changed and a second sync copies it
          cluster  --provider postgres [--devices 1000000 | --database <path>] [--sessions 200] [--seconds 60] [--pause-ms 3000] [--renderers 4]
                                                      two host processes on search's PostgreSQL database behind the proxy;
                                                      N signed-in Chromium sessions search, page and clear for N s: errors,
                                                      p50/p95/max per action, each instance's working set
          fuzz     [--seconds 60] [--seed N] [--target hardware-hash|device-csv|membership-rule]
                                                      random and mutated inputs into the hash decoder, the CSV reader and the
                                                      rule parser for N s each: inputs tried, outcomes by kind, failures shrunk
          samples  [--out samples]                    writes samples/sample-devices.csv and samples/sample-with-errors.csv
          all                                         import, then search, with defaults

        every command that opens a database: [--provider sqlite|postgres] [--postgres "Host=127.0.0.1;Port=…;Username=…"]
                                                      on postgres, the database a command names by file (search-1000000.db)
                                                      is that server's bench_search_1000000, made and dropped as the file is
        """);
    return 2;
}
