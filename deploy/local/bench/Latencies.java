import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Latency figures of the benchmarks: measurements sorted once, then read at a percentile (nearest rank). */
final class Latencies {

    private Latencies() {
    }

    static long[] sorted(Collection<Long> values) {
        List<Long> list = new ArrayList<>(values);
        Collections.sort(list);
        return list.stream().mapToLong(Long::longValue).toArray();
    }

    /** The value at a percentile of sorted measurements (100: the largest); -1 when there is none. */
    static long percentile(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
