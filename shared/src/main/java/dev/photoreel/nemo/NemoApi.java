package dev.photoreel.nemo;

import java.time.Instant;
import java.util.List;

/**
 * The NemoVideo cloud editor, as photoreel uses it. One method per endpoint of the contract
 * ({@code docs/nemovideo-api.md}). Every method throws a subclass of
 * {@link dev.photoreel.nemo.exceptions.NemoException}: permanent or transient, one type per row of
 * the contract's error table.
 */
public interface NemoApi {

    /** {@code POST /api/auth/anonymous-token} with the configured client id. Needs no token. */
    AnonymousToken mintAnonymousToken();

    /** {@code POST /api/tasks/me/with-session/nemo_agent}. */
    VendorSession createSession(String taskName, String language);

    /** {@code POST /api/upload-video/nemo_agent/me/<sid>} as multipart, one {@code files} part per file. */
    List<UploadedFile> uploadFiles(String sessionId, List<FileUpload> files);

    /** {@code POST /api/upload-video/nemo_agent/me/<sid>} with {@code {"urls": [...], "source_type": "url"}}. */
    List<UploadedFile> uploadUrls(String sessionId, List<String> urls);

    /**
     * {@code POST /run_sse}: streams the instruction's events until the server closes the stream or
     * {@code deadline} passes, whichever comes first. Never throws for a stream cut at the deadline:
     * that is reported in the result ({@code CUT_AT_DEADLINE}, also when the stream did not even open
     * before the deadline). Errors:
     * <ul>
     *   <li>an HTTP or envelope error before the stream starts is thrown as its typed error (a token
     *       rejection is renewed and retried once, as for every call);</li>
     *   <li>an error event inside the stream is returned in {@link InstructionResult#error()}, typed by
     *       its code (numeric codes through the error table; "UNAVAILABLE", "overloaded", 5xx and the like
     *       as the transient {@code VendorUnavailableException}; anything else {@code VendorRejectedException});</li>
     *   <li>a connection lost mid-stream after text or tool calls were seen is returned as a transient
     *       {@code VendorUnavailableException} in {@link InstructionResult#error()} with end
     *       {@code CLOSED_BY_SERVER}: the edit most likely went on at the vendor, so check the session
     *       state; lost before any activity, it is thrown (transient).</li>
     * </ul>
     * A trailing "I encountered a temporary issue" is only text, never an error.
     *
     * @throws IllegalArgumentException when {@code deadline} has already passed
     */
    InstructionResult runInstruction(String sessionId, String instruction, Instant deadline, StreamListener listener);

    /** {@code GET /api/credits/balance/simple}. */
    Credits credits();

    /** {@code GET /api/state/nemo_agent/me/<sid>/latest}. */
    SessionState sessionState(String sessionId);

    /** {@code POST /api/render/proxy/lambda}: submits the draft, unchanged, for export. */
    RenderStatus submitRender(String renderId, String sessionId, Draft draft);

    /** {@code GET /api/render/proxy/lambda/<id>}. */
    RenderStatus pollRender(String renderId);

    /** The URL of {@code GET /api/render/proxy/<id>/download}, the fallback when a poll gave no URL. */
    java.net.URI downloadUrl(String renderId);

    /** {@code POST /api/render/proxy/lambda/<id>/cancel}. */
    void cancelRender(String renderId);
}
