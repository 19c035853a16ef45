package com.courtcast.loadtest.proc;

/**
 * The fields of {@code /proc/PID/stat} (proc(5)) that the benchmark uses.
 *
 * @param pid process id
 * @param command the executable's name as the kernel shows it (may contain spaces and parentheses)
 * @param state one letter: R, S, D, Z, ...
 * @param parentPid the parent's pid
 * @param userTicks CPU time in user mode, in clock ticks ({@code getconf CLK_TCK}), all threads
 * @param systemTicks CPU time in kernel mode, in clock ticks, all threads
 * @param threads number of threads
 * @param rssPages resident set size, in pages
 */
public record ProcStat(int pid, String command, char state, int parentPid, long userTicks, long systemTicks,
                       int threads, long rssPages) {

    /** Parses one {@code /proc/PID/stat} line. */
    public static ProcStat parse(String line) {
        // The command is in parentheses and may itself contain ") ": the last ')' ends it.
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 > line.length()) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + line);
        }
        String[] rest = line.substring(close + 2).trim().split(" +");
        // rest[0] is field 3 (state); field n is rest[n - 3].
        if (rest.length < 22) {
            throw new IllegalArgumentException("/proc/PID/stat line has " + (rest.length + 2) + " fields, expected >= 24");
        }
        return new ProcStat(
                Integer.parseInt(line.substring(0, open).trim()),
                line.substring(open + 1, close),
                rest[0].charAt(0),
                Integer.parseInt(rest[4 - 3]),
                Long.parseLong(rest[14 - 3]),
                Long.parseLong(rest[15 - 3]),
                Integer.parseInt(rest[20 - 3]),
                Long.parseLong(rest[24 - 3]));
    }

    public long cpuTicks() {
        return userTicks + systemTicks;
    }
}
