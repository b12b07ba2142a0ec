package dev.photoreel.local.emulator;

/** How renders misbehave (set per server; applies to renders submitted afterwards). */
public enum RenderFailure {
    /** Renders complete normally (or fail only when the real render fails). */
    NONE,
    /** Renders end {@code failed} with an error. */
    FAIL,
    /** Renders stay {@code processing} forever. */
    NEVER_FINISH,
    /** Renders wait {@link EmulatorOptions#slowRenderDelay()} before they start processing. */
    SLOW
}
