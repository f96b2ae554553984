package dev.vigil.detection.streaming;

/** Temporary knobs for exploration; read from system properties. */
final class Tuning {
    private Tuning() {
    }

    static double d(String name, double def) {
        String v = System.getProperty("vigil." + name);
        return v == null ? def : Double.parseDouble(v);
    }
}
