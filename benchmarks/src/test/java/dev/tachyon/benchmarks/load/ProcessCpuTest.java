package dev.tachyon.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a process's CPU time from {@code /proc/PID/stat}. */
class ProcessCpuTest {

    @Test
    void readsThisJvmsOwnStatAndItsCpuTimeGrows() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        long ticks = ProcessCpu.ticks(stat);
        assertTrue(ticks > 0, "a JVM that has run tests has used CPU: " + stat);
        long pid = ProcessHandle.current().pid();
        long before = ProcessCpu.times(pid).totalNanos();
        long spin = 0;
        for (long end = System.nanoTime() + 200_000_000L; System.nanoTime() < end;) {
            spin++;
        }
        long after = ProcessCpu.times(pid).totalNanos();
        assertTrue(spin > 0 && before > 0 && after > before, before + " then " + after);
    }

    @Test
    void countsFieldsFromTheLastParenthesisSoACommandMayHoldSpacesAndParentheses() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        String tail = " S 1 77 77 0 -1 4194304 1000 0 3 0 1234 567 89 10 20 0 31 0 5000 1000000 2000";
        assertEquals(1234 + 567, ProcessCpu.ticks("4242 (java)" + tail));
        assertEquals(1234 + 567, ProcessCpu.ticks("4242 (my (odd) ) name) x)" + tail));
        assertEquals(1234 + 567, ProcessCpu.ticks("4242 ( )" + tail));
        assertEquals(567, ProcessCpu.systemTicks("4242 (my (odd) ) name) x)" + tail)); // stime alone
    }

    @Test
    void oneReadGivesTheTotalAndItsKernelPart() {
        ProcessCpu.Times times = ProcessCpu.times(ProcessHandle.current().pid());
        assertTrue(times != null && times.totalNanos() > 0, String.valueOf(times));
        assertTrue(times.systemNanos() >= 0 && times.systemNanos() <= times.totalNanos(), String.valueOf(times));
    }

    @Test
    void aLineThatIsNotAStatLineIsRefusedAndAMissingProcessReadsAsNull() {
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.ticks("no parentheses here 1 2 3"));
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.ticks("1 (java) S 1 2 3"));
        assertNull(ProcessCpu.times(Long.MAX_VALUE));
    }

    @Test
    void theJvmOfAJavaProcessIsItself() {
        assertEquals(ProcessHandle.current(), ProcessCpu.jvm(ProcessHandle.current()));
    }

    @Test
    void theJvmBehindALauncherScriptIsItsJavaDescendant(@TempDir Path dir) throws Exception {
        Path sleep = dir.resolve("Sleep.java");
        Files.writeString(sleep, "class Sleep { public static void main(String[] a) throws Exception { Thread.sleep(60_000); } }");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // a launcher that starts the JVM as its child and waits for it (no exec), as a script may
        Process launcher = new ProcessBuilder("/bin/sh", "-c", "'" + java + "' -Xshare:auto '" + sleep + "'; exit 0").start();
        try {
            ProcessHandle jvm = launcher.toHandle();
            for (long end = System.nanoTime() + 30_000_000_000L; System.nanoTime() < end && jvm.equals(launcher.toHandle());) {
                Thread.sleep(20);
                jvm = ProcessCpu.jvm(launcher.toHandle());
            }
            assertEquals(launcher.toHandle(), jvm.parent().orElseThrow(), "the launcher's child " + jvm);
            assertEquals(java, jvm.info().command().orElseThrow());
            assertTrue(ProcessCpu.times(jvm.pid()).totalNanos() >= 0);
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly().waitFor();
        }
    }
}
