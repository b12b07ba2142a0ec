package dev.photoreel.local.bench;

import java.util.Collection;
import java.util.List;

/** Medians and percentiles (nearest rank) of measured values. */
final class Stats {

    private Stats() {
    }

    static double median(Collection<? extends Number> values) {
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The {@code p}-th percentile (0..100) by nearest rank. */
    static double percentile(Collection<? extends Number> values, double p) {
        List<Double> sorted = sorted(values);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static List<Double> sorted(Collection<? extends Number> values) {
        return values.stream().map(Number::doubleValue).sorted().toList();
    }
}
