/**
 * The NemoVideo cloud editor as photoreel uses it (contract: {@code docs/nemovideo-api.md}).
 *
 * <p>{@link dev.photoreel.nemo.NemoApi} is the interface, one method per endpoint;
 * {@link dev.photoreel.nemo.NemoHttpClient} the production implementation (java.net.http + Jackson),
 * configured by {@link dev.photoreel.nemo.NemoClientConfig#fromEnvironment()} ({@code NEMO_API_BASE},
 * {@code NEMO_CLIENT_ID}, {@code NEMO_SKILL_SOURCE/VERSION/PLATFORM}, {@code NEMO_*_TIMEOUT_SECONDS},
 * {@code MAX_FILE_BYTES}) and given a {@link dev.photoreel.nemo.TokenSource}. Build it once per
 * process; it is thread-safe.
 *
 * <p>Every failure is a {@link dev.photoreel.nemo.exceptions.NemoException}: permanent
 * ({@link dev.photoreel.nemo.exceptions.NemoPermanentException}) or transient
 * ({@link dev.photoreel.nemo.exceptions.NemoTransientException}), one concrete type per row of the
 * contract's error table. The state machine routes on their fully qualified names.
 *
 * <p>{@code dev.photoreel.nemo.internal} holds the details (envelopes, error mapping, multipart,
 * the SSE reader); nothing outside this package should depend on it.
 */
package dev.photoreel.nemo;
