using BkConsole.Core.Errors;
using BkConsole.Core.Events;
using BkConsole.Logs.Boots;
using BkConsole.Logs.Classify;
using BkConsole.Logs.Lines;
using BkConsole.Logs.Rules;

namespace BkConsole.Logs.Pipeline;

/// <summary>
/// bytes → <see cref="LineAssembler"/> → <see cref="Classifier"/> → <see cref="BootSplitter"/> → <see cref="ILogSink"/>.
/// The one entry point that the CLI (<c>parse</c>, <c>boots</c>), the store (<c>import</c>) and the live monitor use.
/// Feed it from one thread: <see cref="Push"/> bytes as they arrive, call <see cref="FlushIfIdle"/> from a timer
/// (prompts have no newline), and <see cref="Complete"/> at the end of input.
/// </summary>
public sealed class LogPipeline
{
    private const int ReadChunk = 64 * 1024;

    private readonly ILogSink? _sink;
    private readonly LineAssembler _assembler;
    private readonly Classifier _classifier;
    private readonly BootSplitter _boots = new();
    private readonly List<LogLine> _lines = new();
    private readonly List<ClassifiedEvent> _events = new();
    private readonly BootSplitter.BootObserver _observer;
    private bool _completed;

    public LogPipeline(ILogSink? sink = null, LogPipelineOptions? options = null)
    {
        options ??= LogPipelineOptions.Default;
        _sink = sink;
        _assembler = new LineAssembler(options.Lines);
        _classifier = new Classifier(options.Rules ?? RuleSet.Load());
        if (options.TrackUnparsed) Unparsed = new UnparsedCounter();
        _observer = OnBoot;
    }

    public PipelineStats Stats { get; } = new();

    /// <summary>Rules the classifier tried after its prefilter (diagnostics, benchmark).</summary>
    public long RulesTried => _classifier.RulesTried;

    /// <summary>Unparsed lines grouped by shape, when <see cref="LogPipelineOptions.TrackUnparsed"/> is on.</summary>
    public UnparsedCounter? Unparsed { get; }

    /// <summary>The boot being built (live view), or null before the first line.</summary>
    public BootRecord? CurrentBoot => _boots.Current;

    /// <summary>Closed boots followed by the current one.</summary>
    public IReadOnlyList<BootRecord> Boots =>
        _boots.Current is { } cur && !_completed ? [.. _boots.Closed, cur] : _boots.Closed;

    public void Push(ReadOnlySpan<byte> data, DateTimeOffset arrival)
    {
        Stats.Bytes += data.Length;
        _assembler.Push(data, arrival, _lines);
        Drain();
    }

    /// <summary>Flushes a partial line after the idle interval; returns true when one was flushed.</summary>
    public bool FlushIfIdle(DateTimeOffset now)
    {
        if (!_assembler.FlushIfIdle(now, _lines)) return false;
        Drain();
        return true;
    }

    /// <summary>End of input: flushes the partial line and closes the last boot. Further input is an error.</summary>
    public void Complete()
    {
        if (_completed) return;
        _assembler.Flush(_lines);
        Drain();
        _boots.Complete(_observer);
        _completed = true;
    }

    private void Drain()
    {
        if (_completed && _lines.Count > 0) throw new InvalidOperationException("the pipeline was completed");
        foreach (var line in _lines) Process(line);
        _lines.Clear();
    }

    private void Process(LogLine line)
    {
        Stats.Lines++;
        _events.Clear();
        _classifier.Classify(line, _events);
        if (_events.Count == 0 && !string.IsNullOrWhiteSpace(line.Text))
        {
            Stats.Unparsed++;
            Unparsed?.Add(line.Text, line.LineNo);
        }
        int boot = _boots.Accept(line, _events, _observer);
        _sink?.OnLine(line, boot);
        foreach (var e in _events)
        {
            Stats.CountEvent(e.Event.Kind);
            _sink?.OnEvent(e.Event);
        }
    }

    private void OnBoot(BootRecord boot, BootChange change)
    {
        if (change == BootChange.Opened) Stats.Boots++;
        _sink?.OnBoot(boot, change);
    }

    /// <summary>Feeds a whole stream (a file, a pipe) and completes. Lines get <paramref name="arrival"/> as host time.</summary>
    public void Feed(Stream stream, DateTimeOffset arrival, CancellationToken cancel = default) =>
        Feed(buffer => stream.Read(buffer, 0, buffer.Length), arrival, cancel);

    /// <summary>Feeds chunks from <paramref name="read"/> (bytes put in the buffer; 0 at the end) and completes.</summary>
    private void Feed(Func<byte[], int> read, DateTimeOffset arrival, CancellationToken cancel = default)
    {
        var buffer = new byte[ReadChunk];
        int n;
        while ((n = read(buffer)) > 0)
        {
            cancel.ThrowIfCancellationRequested();
            Push(buffer.AsSpan(0, n), arrival);
        }
        Complete();
    }

    /// <summary>
    /// Parses a capture file; the lines' host time is the file's modification time. Missing or unreadable files
    /// raise a <see cref="BkException"/> that names the file. With <paramref name="keepEvents"/> false the result's
    /// event list stays empty (the events still reach <paramref name="extraSink"/> and the stats), so a capture of any
    /// length streams through in bounded memory.
    /// </summary>
    public static LogParseResult ParseFile(string path, LogPipelineOptions? options = null, ILogSink? extraSink = null, bool keepEvents = true)
    {
        var collector = new CollectingSink(extraSink, keepEvents);
        var pipeline = new LogPipeline(collector, options);
        // only opening and reading the file is guarded: a sink's own failure (stdout on a full disk) is not the capture's
        using (var stream = Reading(path, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, ReadChunk)))
        {
            var arrival = new DateTimeOffset(Reading(path, () => File.GetLastWriteTimeUtc(path)), TimeSpan.Zero);
            pipeline.Feed(buffer => Reading(path, () => stream.Read(buffer, 0, buffer.Length)), arrival);
        }
        return new LogParseResult(path, collector.Events, pipeline.Boots, pipeline.Stats, pipeline.Unparsed);
    }

    /// <summary>Runs one file operation; a missing or unreadable file becomes a <see cref="BkException"/> naming it.</summary>
    private static T Reading<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (FileNotFoundException)
        {
            throw new BkException($"file not found: {path}", "Check the path; pass one or more capture files (text logs).");
        }
        catch (DirectoryNotFoundException)
        {
            throw new BkException($"file not found: {path}", "Check the path; pass one or more capture files (text logs).");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new BkException($"cannot read {path}: {ex.Message}", "Check the file's permissions (or whether it is a folder).", ex);
        }
        catch (IOException ex)
        {
            throw new BkException($"cannot read {path}: {ex.Message}", "Check that the file is a readable regular file.", ex);
        }
    }

    /// <summary>Parses bytes already in memory (tests, the simulator).</summary>
    public static LogParseResult ParseBytes(ReadOnlySpan<byte> bytes, string name, LogPipelineOptions? options = null)
    {
        var collector = new CollectingSink(null, keepEvents: true);
        var pipeline = new LogPipeline(collector, options);
        pipeline.Push(bytes, DateTimeOffset.UnixEpoch);
        pipeline.Complete();
        return new LogParseResult(name, collector.Events, pipeline.Boots, pipeline.Stats, pipeline.Unparsed);
    }

    private sealed class CollectingSink(ILogSink? next, bool keepEvents) : ILogSink
    {
        public List<LogEvent> Events { get; } = new();

        public void OnLine(LogLine line, int boot) => next?.OnLine(line, boot);

        public void OnEvent(LogEvent ev)
        {
            if (keepEvents) Events.Add(ev);
            next?.OnEvent(ev);
        }

        public void OnBoot(BootRecord boot, BootChange change) => next?.OnBoot(boot, change);
    }
}
