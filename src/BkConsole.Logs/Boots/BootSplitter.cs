using BkConsole.Core.Events;
using BkConsole.Logs.Classify;

namespace BkConsole.Logs.Boots;

/// <summary>
/// Cuts a classified line stream into boots, incrementally (the live monitor sees the current boot grow).
/// <list type="bullet">
/// <item>The first line opens boot 1.</item>
/// <item>A bootloader banner opens a new boot unless the current boot has no events yet.</item>
/// <item>An application banner (RT-Thread, LibreTiny, OpenBeken) opens a new boot when the current boot already
/// showed that banner or ended (reboot, watchdog, crash, deep sleep), unless an opener was seen in the last
/// <see cref="BannerSpan"/> lines (one multi-line banner).</item>
/// <item>A bootloader banner glued behind other text (or an app banner that opens a boot) adds
/// <c>boot.reset_mid_line</c> with <c>before</c> = the cut-off text.</item>
/// </list>
/// Reset reason: the boot's own <c>sdk.start_type</c>, else its <c>tuya.reset_reason</c>, else the previous boot's
/// last words (reboot, watchdog, crash, deep sleep).
/// </summary>
public sealed class BootSplitter
{
    /// <summary>Lines within which several banner lines count as one banner.</summary>
    public const int BannerSpan = 3;

    private State? _current;
    private readonly List<BootRecord> _closed = new();

    public delegate void BootObserver(BootRecord boot, BootChange change);

    private sealed class State
    {
        public int Index;
        public int FirstLine;
        public int LastLine;
        public string? Bootloader;
        public ulong? Jump;
        /// <summary>The first reason each of <see cref="BootKinds.StartReasons"/> gave, in that order.</summary>
        public readonly string?[] Reasons = new string?[BootKinds.StartReasons.Length];
        public string? InheritedReason;
        public string? LastWords;
        public int Events;
        public DateTimeOffset? Start;
        public DateTimeOffset? End;
        public bool ResetMidLine;
        public bool Ended;
        public int LastOpenerLine = int.MinValue / 2;
        public readonly HashSet<string> Kinds = new(StringComparer.Ordinal);
        public readonly HashSet<string> Markers = new(StringComparer.Ordinal);

        public string? Firmware()
        {
            foreach (var (family, kinds) in BootKinds.Families)
                foreach (var k in kinds)
                    if (Kinds.Contains(k)) return family;
            return null;
        }

        public BootRecord ToRecord() =>
            new(Index, FirstLine, LastLine, Bootloader, Firmware(), Jump,
                Reasons.FirstOrDefault(r => r != null) ?? InheritedReason, Events)
            { Start = Start, End = End, ResetMidLine = ResetMidLine };
    }

    /// <summary>The boot being built, or null before the first line.</summary>
    public BootRecord? Current => _current?.ToRecord();

    public int CurrentIndex => _current?.Index ?? 0;

    /// <summary>Boots already closed, in order.</summary>
    public IReadOnlyList<BootRecord> Closed => _closed;

    /// <summary>
    /// Assigns <paramref name="line"/> and its events to a boot, opening a new one when a banner says so.
    /// Events in <paramref name="events"/> get their <see cref="LogEvent.Boot"/> set (a <c>boot.reset_mid_line</c> may be
    /// inserted). Returns the boot index of the line.
    /// </summary>
    public int Accept(LogLine line, List<ClassifiedEvent> events, BootObserver? observer)
    {
        if (_current == null) Open(line, observer);
        var s = _current!;
        bool changed = false;
        for (int i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var kind = e.Event.Kind;
            bool bootloader = kind == BootKinds.Bootloader;
            bool app = BootKinds.AppOpeners.Contains(kind);
            var marker = bootloader || app ? null : BootKinds.StartMarker(kind, e.Event.Get);
            if (!bootloader && !app && marker == null) continue;
            bool near = line.LineNo - s.LastOpenerLine <= BannerSpan;
            bool seen = marker != null ? s.Markers.Contains(marker) : s.Kinds.Contains(kind);
            bool open = bootloader
                ? s.Events > 0
                : (seen || s.Ended) && !near;
            if (open)
            {
                Close(observer);
                Open(line, observer);
                s = _current!;
                changed = false;
            }
            s.LastOpenerLine = line.LineNo;
            if (marker != null)
            {
                s.Markers.Add(marker);
                continue; // start-of-app lines match inside words: text before them is no cut-off line
            }
            var before = line.Text.AsSpan(e.MatchStart, Math.Max(0, e.MatchIndex - e.MatchStart)).Trim();
            // text before a bootloader banner is always a cut-off line; before an app banner only when it opens a boot
            if ((open || bootloader) && !before.IsEmpty)
            {
                s.ResetMidLine = true;
                var mid = new LogEvent(BootKinds.ResetMidLine, Severity.Warning, line.Seq, line.LineNo, line.Text,
                    [EventField.Of("before", before.ToString())]) { Rule = "built-in:boots" };
                events.Insert(i, new ClassifiedEvent(mid, e.MatchStart, e.MatchStart));
                i++;
            }
        }
        s.LastLine = line.LineNo;
        s.End = line.HostTime;
        for (int i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var ev = e.Event with { Boot = s.Index };
            events[i] = e with { Event = ev };
            s.Events++;
            changed |= Apply(s, ev);
        }
        if (changed) observer?.Invoke(s.ToRecord(), BootChange.Updated);
        return s.Index;
    }

    /// <summary>Closes the current boot (end of input).</summary>
    public void Complete(BootObserver? observer)
    {
        if (_current != null) Close(observer);
    }

    private static bool Apply(State s, LogEvent ev)
    {
        var fam = s.Firmware();
        bool added = s.Kinds.Add(ev.Kind);
        // finer family hints: which Tuya log generation, RT-Thread vs FreeRTOS OSK
        if (ev.Kind == "tuya.log" && ev.Get("generation") is { } gen) added |= s.Kinds.Add("tuya.log." + gen);
        else if (ev.Kind.StartsWith("tuya.", StringComparison.Ordinal) && TuyaGeneration(ev.Text) is { } g) added |= s.Kinds.Add("tuya.text." + g);
        if (ev.Kind == "sdk.osk_rev" && ev.Get("version") is { } osk && osk.StartsWith("R-", StringComparison.OrdinalIgnoreCase))
            added |= s.Kinds.Add("sdk.osk_rev.rtthread");
        bool changed = added && s.Firmware() != fam;
        switch (ev.Kind)
        {
            case BootKinds.Bootloader when s.Bootloader == null:
                s.Bootloader = ev.Get("version");
                return true;
            case BootKinds.Jump when s.Jump == null && ev.Field("address") is { } a:
                s.Jump = unchecked((ulong)a.Number);
                return true;
        }
        int source = Array.IndexOf(BootKinds.StartReasons, ev.Kind);
        if (source >= 0 && s.Reasons[source] == null)
        {
            s.Reasons[source] = ev.Get("reason");
            return true;
        }
        if (BootKinds.Endings.Contains(ev.Kind))
        {
            s.Ended = true;
            s.LastWords = ev.Kind switch
            {
                "reset.reboot" => ev.Get("reason") is { } r && r != "unknown" ? r : "reboot",
                "reset.watchdog" => "watchdog",
                "crash.exception" => CrashReason(ev.Get("type")),
                "power.deep_sleep" => "deep_sleep",
                _ => s.LastWords,
            };
        }
        return changed;
    }

    /// <summary>Which Tuya logger generation a Tuya line (taken by a finer rule than <c>tuya.log</c>) was printed by.</summary>
    private static string? TuyaGeneration(string text)
    {
        if (text.Contains("][lr:", StringComparison.Ordinal) || text.Contains(" ty ", StringComparison.Ordinal)) return "tuyaos";
        foreach (var level in (string[])[" TUYA Err]", " TUYA Warn]", " TUYA Notice]", " TUYA Info]", " TUYA Debug]"])
            if (text.Contains(level, StringComparison.Ordinal)) return "sdk";
        return null;
    }

    /// <summary>A crash in the words of <c>sdk.start_type</c> (RESET_SOURCE_STATUS), so both sources agree.</summary>
    private static string CrashReason(string? type) => type switch
    {
        "undefined_instruction" => "crash_undefined",
        "prefetch_abort" => "crash_prefetch_abort",
        "data_abort" => "crash_data_abort",
        "not_used" => "crash_unused",
        _ => "crash",
    };

    private void Open(LogLine line, BootObserver? observer)
    {
        var inherited = _current?.LastWords;
        _current = new State
        {
            Index = (_current?.Index ?? 0) + 1,
            FirstLine = line.LineNo,
            LastLine = line.LineNo,
            Start = line.HostTime,
            End = line.HostTime,
            InheritedReason = inherited,
        };
        observer?.Invoke(_current.ToRecord(), BootChange.Opened);
    }

    private void Close(BootObserver? observer)
    {
        var record = _current!.ToRecord();
        _closed.Add(record);
        observer?.Invoke(record, BootChange.Closed);
    }
}
