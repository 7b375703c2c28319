package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The /proc readers of the parked workflows benchmark, on this test JVM itself. */
class ProcStatsTest {

    private final ProcStats self = ProcStats.of(ProcessHandle.current().pid());

    @Test
    void residentMemoryGrowsWhenTheProcessTouchesMemory() {
        long before = self.rssBytes();
        assertThat(before).as("a JVM is resident with more than 16 MiB").isGreaterThan(16L << 20);

        byte[][] touched = new byte[64][];
        for (int i = 0; i < touched.length; i++) {
            touched[i] = new byte[1 << 20];
            for (int j = 0; j < touched[i].length; j += 4096) {
                touched[i][j] = 1; // every page written, so it is resident
            }
        }
        long after = self.rssBytes();

        assertThat(touched[63][0]).isEqualTo((byte) 1);
        assertThat(self.peakRssBytes()).isGreaterThanOrEqualTo(after);
        // -Xms may have made part of the heap resident already; 64 MiB touched still show as at least a few MiB more
        assertThat(after).as("RSS after touching 64 MiB (before %d)", before).isGreaterThan(before + (4L << 20));
    }

    @Test
    void cpuTimeCountsWhatABusyThreadUsed() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = self.cpuTicks();
        long threadStart = threads.getCurrentThreadCpuTime();
        long sink = 0;
        // spin until this thread has used 400 ms of CPU, however long a loaded machine takes to give it that
        while (threads.getCurrentThreadCpuTime() - threadStart < 400_000_000L) {
            sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
        }
        long used = self.cpuTicks() - before;

        assertThat(sink).isNotNegative();
        // the process used at least what this thread did (400 ms = 40 ticks), less a tick of rounding on each read
        assertThat(used).as("ticks of the process while one thread used 400 ms").isGreaterThanOrEqualTo(38);
    }

    @Test
    void cpuPercentIsOfOneCore() {
        ProcStats.CpuSample start = new ProcStats.CpuSample(1_000, 0);

        assertThat(ProcStats.cpuPercent(start, new ProcStats.CpuSample(1_050, 1_000_000_000L))).isEqualTo(50.0);
        assertThat(ProcStats.cpuPercent(start, new ProcStats.CpuSample(1_400, 2_000_000_000L))).isEqualTo(200.0);
        assertThat(ProcStats.cpuPercent(start, new ProcStats.CpuSample(1_000, 30_000_000_000L))).isZero();
    }

    @Test
    void theProcessListeningOnAPortIsFound() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(ProcStats.listeningOn(socket.getLocalPort())).hasValueSatisfying(
                    stats -> assertThat(stats.pid()).isEqualTo(ProcessHandle.current().pid()));
        }
    }

    @Test
    void aProcessThatIsGoneSaysSo() {
        ProcStats gone = ProcStats.of(Long.MAX_VALUE);
        assertThatThrownBy(gone::rssBytes).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("/proc/" + Long.MAX_VALUE);
    }

    @Test
    void treeCpuTimeIncludesWhatAChildProcessUsed() throws Exception {
        Process child = new ProcessBuilder("sh", "-c",
                "i=0; while [ $i -lt 2000000 ]; do i=$((i+1)); done; sleep 30").start();
        try {
            ProcStats self = ProcStats.of(ProcessHandle.current().pid());
            ProcStats busy = ProcStats.of(child.pid());
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (busy.cpuTicks() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long childTicks = busy.cpuTicks();
            long ownTicks = self.cpuTicks();
            assertThat(childTicks).as("the child burnt CPU").isGreaterThanOrEqualTo(5);
            // both only grow: the tree read afterwards holds at least both of them
            assertThat(self.treeCpuTicks()).isGreaterThanOrEqualTo(ownTicks + childTicks);
            assertThat(busy.treeCpuTicks()).isGreaterThanOrEqualTo(childTicks);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void treeCpuTimeOfAProcessThatIsGoneIsZero() {
        assertThat(ProcStats.of(Long.MAX_VALUE).treeCpuTicks()).isZero();
    }
}
