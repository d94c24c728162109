using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BkConsole.TestKit;

namespace BkConsole.Tests.Store;

/// <summary>
/// The query verbs read the store while another process writes it: a real <c>bkconsole import</c> child imports
/// several big logs while this process runs <c>captures</c>, <c>events</c> and <c>boots --db</c> over and over on
/// three threads.
/// </summary>
public sealed class SharedReadCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Support.CliHarness.Run(args);

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    /// <summary>FILES logs, each the whole corpus COPIES times behind a line of its own (so each has its own SHA-256).</summary>
    private static string[] BigLogs(TempFolder tmp, int files, int copies)
    {
        var corpus = Directory.GetFiles(RepoPaths.Logs, "*.log").Order(StringComparer.Ordinal).SelectMany(File.ReadAllBytes).ToArray();
        return Enumerable.Range(1, files).Select(i =>
        {
            var path = tmp.File($"big{i}.log");
            using var f = File.Create(path);
            f.Write(Encoding.ASCII.GetBytes($"capture file {i}\r\n"));
            for (int c = 0; c < copies; c++) f.Write(corpus);
            return path;
        }).ToArray();
    }

    private static Process StartImport(string db, string[] files)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bkconsole.dll"));
        psi.ArgumentList.Add("import");
        foreach (var f in files) psi.ArgumentList.Add(f);
        psi.ArgumentList.Add("--db");
        psi.ArgumentList.Add(db);
        return Process.Start(psi)!;
    }

    private static int JsonLines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact]
    public async Task Captures_events_and_boots_answer_while_another_bkconsole_imports()
    {
        using var tmp = new TempFolder("sharedcli");
        var db = tmp.File("s.db");
        // ~2.5M lines: the import must outlast several rounds of queries even on a quiet machine where it runs at
        // ~450k lines/s while the queries, each a full CLI run, crawl beside a loaded test suite
        var files = BigLogs(tmp, files: 4, copies: 60);
        using var child = StartImport(db, files);
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        try
        {
            // The store appears when the child has opened it.
            var appear = DateTime.UtcNow + Deadline;
            while (Run("captures", "--db", db, "--json").Code != 0)
            {
                Assert.True(DateTime.UtcNow < appear, "the importing child never made its store");
                Assert.False(child.HasExited, "the importing child ended before the queries started");
                await Task.Delay(20);
            }

            // A second writer is refused and told who holds the store.
            var second = Run("import", files[0], "--db", db);
            Assert.False(second.Code == 0 && !child.HasExited, "a second writer got in while the import ran");
            Assert.True(second.Code == 1, $"the second import was not refused (exit {second.Code}); the child {(child.HasExited ? "had already ended" : "was running")}");
            Assert.Contains("in use by another bkconsole", second.Err);
            Assert.Contains($"pid {child.Id}: bkconsole import", second.Err);

            var sample = new[] { 0, 0, 0 };
            int during = 0; // rounds that ended with the import still running
            var threads = Enumerable.Range(0, 3).Select(t => Task.Run(() =>
            {
                long lastLines = 0;
                int lastCaptures = 0, lastEvents = 0, lastBoots = 0;
                while (!child.HasExited || sample[t] == 0)
                {
                    var captures = Run("captures", "--db", db, "--json");
                    Assert.True(captures.Code == 0, captures.Err);
                    var rows = captures.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                        .Select(l => JsonDocument.Parse(l).RootElement).ToList();
                    long lines = rows.Sum(r => r.GetProperty("lines").GetInt64());
                    Assert.True(rows.Count >= lastCaptures && lines >= lastLines, $"captures/lines went from {lastCaptures}/{lastLines} to {rows.Count}/{lines}");
                    (lastCaptures, lastLines) = (rows.Count, lines);

                    var events = Run("events", "--db", db, "--json", "--severity", "error");
                    Assert.True(events.Code == 0, events.Err);
                    Assert.True(JsonLines(events.Out) >= lastEvents, $"error events went from {lastEvents} to {JsonLines(events.Out)}");
                    lastEvents = JsonLines(events.Out);

                    var boots = Run("boots", "--db", db, "--json");
                    Assert.True(boots.Code == 0, boots.Err);
                    Assert.True(JsonLines(boots.Out) >= lastBoots, $"boots went from {lastBoots} to {JsonLines(boots.Out)}");
                    lastBoots = JsonLines(boots.Out);
                    if (!child.HasExited) Interlocked.Increment(ref during);
                    sample[t]++;
                }
            })).ToArray();
            await Task.WhenAll(threads).WaitAsync(Deadline);
            Assert.True(child.WaitForExit(Deadline), "the import did not end");
            Assert.True(child.ExitCode == 0, await stderr);
            Assert.True(during >= 3, $"only {during} of {sample.Sum()} query rounds ran while the import did");

            var final = Run("captures", "--db", db, "--json");
            var states = final.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("state").GetString()).ToList();
            Assert.Equal(Enumerable.Repeat("complete", files.Length), states);
            Assert.Equal(files.Length, (await stdout).Split('\n').Count(l => l.StartsWith("capture ", StringComparison.Ordinal)));
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
                await child.WaitForExitAsync();
            }
        }
    }
}
