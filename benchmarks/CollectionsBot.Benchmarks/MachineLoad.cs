using System.Diagnostics;
using System.Globalization;

namespace CollectionsBot.Benchmarks;

/// <summary>
/// What the whole machine did with its cores during a measured run, from /proc/stat: the processes measured, every
/// other process, idle time, and time the hypervisor gave to other machines (steal). The machines we run on are shared
/// virtual machines: the load average counts our own benchmark, and steal and other processes tell a slow run by a
/// busy neighbour from a slow run of ours.
/// </summary>
public sealed class MachineLoad
{
    private readonly long[] _start;
    private readonly TimeSpan _ours;
    private readonly Func<TimeSpan> _oursNow;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    private MachineLoad(Func<TimeSpan> ours)
    {
        _oursNow = ours;
        _ours = ours();
        _start = Read();
    }

    /// <summary>Starts counting; <paramref name="ours"/> gives the CPU time used so far by the processes measured.</summary>
    public static MachineLoad Start(Func<TimeSpan> ours) => new(ours);

    /// <summary>One line: cores used by the processes measured and by the rest, idle and stolen, over the time since <see cref="Start"/>.</summary>
    public string Report()
    {
        var seconds = _elapsed.Elapsed.TotalSeconds;
        var now = Read();
        if (now.Length < 8 || _start.Length < 8 || seconds <= 0)
        {
            return "machine: /proc/stat unreadable";
        }

        double Cores(long ticks) => ticks / 100.0 / seconds; // USER_HZ is 100 on Linux
        long Delta(int i) => now[i] - _start[i];
        var busy = Delta(0) + Delta(1) + Delta(2) + Delta(5) + Delta(6);
        var ours = (_oursNow() - _ours).TotalSeconds / seconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"machine during the run ({Environment.ProcessorCount} cores): measured processes {ours:N2} cores, other processes {Math.Max(0, Cores(busy) - ours):N2}, idle {Cores(Delta(3) + Delta(4)):N2}, stolen by the hypervisor {Cores(Delta(7)):N2}");
    }

    /// <summary>
    /// Ticks (hundredths of a core-second) the hypervisor has given to other machines since boot, or null when
    /// /proc/stat cannot be read: read it at two moments for what was stolen in between.
    /// </summary>
    public static long? StolenTicks() => Read() is { Length: >= 8 } ticks ? ticks[7] : null;

    // user nice system idle iowait irq softirq steal, in ticks.
    private static long[] Read()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            return [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture))];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return [];
        }
    }
}
