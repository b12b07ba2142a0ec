package dev.photoreel.workflow.testing;

import dev.photoreel.nemo.AnonymousToken;
import dev.photoreel.nemo.Credits;
import dev.photoreel.nemo.Draft;
import dev.photoreel.nemo.FileUpload;
import dev.photoreel.nemo.InstructionResult;
import dev.photoreel.nemo.NemoApi;
import dev.photoreel.nemo.RenderStatus;
import dev.photoreel.nemo.SessionState;
import dev.photoreel.nemo.StreamListener;
import dev.photoreel.nemo.UploadedFile;
import dev.photoreel.nemo.VendorSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A scriptable {@link NemoApi}: each call is recorded; answers are set by the test. */
public final class FakeNemoApi implements NemoApi {

    public static final String EXPORTABLE_DRAFT = "{\"t\":[{\"tt\":0,\"sg\":[{\"id\":\"a\"}],\"d\":6000}]}";

    public final List<String> calls = new ArrayList<>();
    public final AtomicInteger mints = new AtomicInteger();
    public final AtomicInteger sessionsCreated = new AtomicInteger();
    /** Sessions the vendor has forgotten: every call naming one throws the 1002 error. */
    public final java.util.Set<String> lostSessions = new java.util.HashSet<>();
    /** The session of each upload call, in order. */
    public final List<String> uploadSessionIds = new ArrayList<>();
    public final List<List<String>> urlUploads = new ArrayList<>();
    public final List<List<String>> multipartUploads = new ArrayList<>();
    public final List<String> instructions = new ArrayList<>();
    public final List<String> submittedRenderIds = new ArrayList<>();

    public Credits credits = new Credits(100, 0, 100);
    public Supplier<List<UploadedFile>> urlUploadAnswer;
    public RuntimeException urlUploadFailure;
    public InstructionResult instructionResult =
            new InstructionResult("done", List.of(), InstructionResult.StreamEnd.CLOSED_BY_SERVER, null);
    public final Deque<SessionState> sessionStates = new ArrayDeque<>();
    public final Deque<RenderStatus> renderStatuses = new ArrayDeque<>();
    public URI downloadUrl = URI.create("https://vendor.example/api/render/proxy/r/download");
    public String language;
    public Instant instructionDeadline;

    @Override
    public AnonymousToken mintAnonymousToken() {
        calls.add("mint");
        int n = mints.incrementAndGet();
        return new AnonymousToken("nmv_usr_token" + n, "anon_" + n, null, 100);
    }

    @Override
    public VendorSession createSession(String taskName, String language) {
        calls.add("createSession:" + taskName);
        this.language = language;
        int n = sessionsCreated.incrementAndGet();
        // the first session is 123456789, the next 223456789, 323456789, ...
        return new VendorSession("task_" + n, n + "23456789");
    }

    @Override
    public List<UploadedFile> uploadFiles(String sessionId, List<FileUpload> files) {
        calls.add("uploadFiles");
        requireSession(sessionId);
        uploadSessionIds.add(sessionId);
        List<String> names = new ArrayList<>();
        for (FileUpload file : files) {
            try (InputStream in = file.body().open()) {
                in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            names.add(file.filename() + "|" + file.contentType());
        }
        multipartUploads.add(names);
        return files.stream().map(f -> uploaded(f.filename())).toList();
    }

    @Override
    public List<UploadedFile> uploadUrls(String sessionId, List<String> urls) {
        calls.add("uploadUrls");
        requireSession(sessionId);
        uploadSessionIds.add(sessionId);
        urlUploads.add(urls);
        if (urlUploadFailure != null) {
            throw urlUploadFailure;
        }
        if (urlUploadAnswer != null) {
            return urlUploadAnswer.get();
        }
        return urls.stream().map(FakeNemoApi::uploaded).toList();
    }

    @Override
    public InstructionResult runInstruction(String sessionId, String instruction, Instant deadline, StreamListener listener) {
        calls.add("runInstruction");
        requireSession(sessionId);
        instructions.add(instruction);
        instructionDeadline = deadline;
        listener.onEvent(new StreamListener.StreamEvent(StreamListener.StreamEvent.Kind.TEXT, "text"));
        return instructionResult;
    }

    @Override
    public Credits credits() {
        calls.add("credits");
        return credits;
    }

    @Override
    public SessionState sessionState(String sessionId) {
        calls.add("sessionState");
        requireSession(sessionId);
        if (sessionStates.size() > 1) {
            return sessionStates.poll();
        }
        SessionState last = sessionStates.peek();
        return last != null ? last : new SessionState(sessionId, "task_1", "t", Draft.parse(EXPORTABLE_DRAFT));
    }

    @Override
    public RenderStatus submitRender(String renderId, String sessionId, Draft draft) {
        calls.add("submitRender");
        requireSession(sessionId);
        submittedRenderIds.add(renderId);
        return new RenderStatus(renderId, RenderStatus.State.PENDING, 5, null, null, null, null);
    }

    @Override
    public RenderStatus pollRender(String renderId) {
        calls.add("pollRender");
        if (renderStatuses.size() > 1) {
            return renderStatuses.poll();
        }
        RenderStatus last = renderStatuses.peek();
        return last != null ? last : new RenderStatus(renderId, RenderStatus.State.PROCESSING, 50, null, null, null, null);
    }

    @Override
    public URI downloadUrl(String renderId) {
        calls.add("downloadUrl");
        return downloadUrl;
    }

    @Override
    public void cancelRender(String renderId) {
        calls.add("cancelRender");
    }

    public boolean calledAnyVendorEndpoint() {
        return !calls.isEmpty();
    }

    private void requireSession(String sessionId) {
        if (lostSessions.contains(sessionId)) {
            throw new dev.photoreel.nemo.exceptions.SessionNotFoundException("NemoVideo does not know session " + sessionId
                    + " (HTTP 200, code 1002: Session not found). Create a new session and upload the media again.", 1002, 200, null);
        }
    }

    private static UploadedFile uploaded(String name) {
        return new UploadedFile(name, "image", "https://cdn.example/" + name, null, 1920, 1080, null, "h");
    }
}
