/**
 * A faithful emulator of the NemoVideo cloud editor ({@code docs/nemovideo-api.md}): an HTTP
 * server with real state that enforces the contract's rules and renders real MP4s.
 *
 * <h2>Starting one</h2>
 * <pre>{@code
 * try (NemoEmulator emulator = NemoEmulator.start(EmulatorOptions.builder()
 *         .port(0)                                   // 0 = a free port
 *         .dataDir(Path.of("/tmp/nemo"))             // uploads/ and renders/ kept here; null = temp dir
 *         .sseEventDelay(Duration.ofMillis(5))       // stream pacing (default 400 ms per event)
 *         .build())) {
 *     URI base = emulator.baseUri();                 // NEMO_API_BASE for the client
 *     emulator.faults().failNext(Endpoint.UPLOAD, 503, 2);
 *     emulator.tokensMinted(clientId);
 * }
 * }</pre>
 * From the jar: {@code java -jar local/target/photoreel-local.jar emulator [--port N] [--data-dir DIR] [--host ADDR]}
 * (default port 8787, 0 picks one); it prints {@code NemoVideo emulator listening on http://127.0.0.1:N}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Tokens {@code nmv_usr_...}, one anonymous user ({@code anon_...}, 100 credits) per {@code X-Client-Id};
 *       no client id: HTTP 400; a second token while the client's latest is still valid and inside the
 *       rate-limit window (default 7 days): HTTP 429 with {@code Retry-After}; unknown/expired token: code 1001
 *       (or 1010/1011/HTTP 401, {@link dev.photoreel.local.emulator.AuthErrorStyle}).</li>
 *   <li>Unknown session (or another user's): code 1002, or HTTP 404 {@code {"detail":"Session not found: <sid>"}}.</li>
 *   <li>Fault {@code "dropSessionsAfterInstruction": N}: the next N sessions are forgotten right after their edit
 *       is applied (the vendor losing a session mid-job); the next call naming one answers 1002.</li>
 *   <li>Each instruction costs {@code instructionCost} credits (default 8; frozen while streaming); too few: 2001.</li>
 *   <li>Uploads (multipart {@code files} parts, or {@code {"urls": [...]}} fetched with java.net.http): the magic
 *       bytes decide the format (4001 naming the file otherwise); above {@code maxFileBytes}: 4002. Images get
 *       width/height, audio/video a duration (WAV header, else ffmpeg).</li>
 *   <li>{@code /run_sse} builds the draft (below) from the uploads and the instruction; dialect and silence per
 *       server ({@link dev.photoreel.local.emulator.EmulatorFaults}) or per request (headers
 *       {@code X-Emulator-Dialect: agent|typed}, {@code X-Emulator-Silent: true|false}).</li>
 *   <li>Export without {@code X-Skill-Source/Version/Platform}: HTTP 402; duplicate render id: HTTP 409
 *       {@code {"success":false,"error":...}}; renders run on a background thread with the real
 *       {@link dev.photoreel.render.FfmpegRenderEngine} and are served under {@code /files/renders/<id>.mp4}.
 *       Canned renders ({@code cannedRender} option, {@code "cannedRenderSeconds"} fault): no ffmpeg per render, progress
 *       rising linearly over the duration, completed at exactly its end with a copy of one MP4 rendered once.</li>
 * </ul>
 *
 * <h2>Draft</h2>
 * {@code m}: width, height, ratio, fps, fit ({@code blurred_fill}|{@code letterbox}), motion
 * ({@code none}|{@code ken_burns}), title; {@code t}: a video track ({@code tt 0}) with one segment per image in
 * upload order ({@code id, src (cdn_url), n (file name), st (start ms), d (ms), w, h, tr {type, d}}), a BGM track
 * ({@code tt 1}, {@code vol} 0..1) when an audio file was uploaded, a title track ({@code tt 7}, {@code text}) when
 * the instruction quotes one. See {@link dev.photoreel.local.emulator.DraftBuilder}.
 *
 * <h2>Admin endpoints (for tests and the local stack in other processes)</h2>
 * <ul>
 *   <li>{@code POST /_emulator/faults}: the JSON of {@link dev.photoreel.local.emulator.EmulatorFaults#apply}
 *       plus {@code "expireTokens": true}, {@code "expireToken": "<token>"}, {@code "credits": N}; answers the
 *       current knobs (also {@code GET /_emulator/faults}).</li>
 *   <li>{@code GET /_emulator/stats}: tokens minted per client, users, sessions, uploads, instructions, renders
 *       by status.</li>
 *   <li>{@code GET /_emulator/health}: {@code {"status":"ok","baseUrl":...}}.</li>
 * </ul>
 *
 * <h2>Code layout</h2>
 * <ul>
 *   <li>{@link dev.photoreel.local.emulator.NemoEmulator}: the composition root ({@code start}, {@code close}), the
 *       public control API (faults, counters, stats, tokens, credits, drafts, {@code applyAdmin}) and the request
 *       loop: route, latency and injected failures, dispatch to an endpoint, errors to answers, the admin routes.</li>
 *   <li>{@code Routes}: the route table (paths, ids in paths, the method each endpoint expects).</li>
 *   <li>{@code SessionEndpoints} (token, session, credits, state, {@code /run_sse}), {@code UploadEndpoints}
 *       (multipart and URL uploads, format sniffing and limits, the file JSON, media for renders) and
 *       {@code RenderEndpoints} (submit, poll, cancel, download, {@code /files/...}): each gets only the
 *       collaborators it uses through its constructor.</li>
 *   <li>{@code Sessions}: the sessions by id, the bearer-token check and the session-owner check every endpoint
 *       makes; {@code Exchanges}: the JSON and body helpers and {@code BadRequest}.</li>
 *   <li>State and behaviour behind them: {@code Accounts} (tokens, credits), {@code FileStore},
 *       {@code MediaInspector}, {@code InstructionStream}/{@code DraftBuilder}, {@code RenderJobs},
 *       {@link dev.photoreel.local.emulator.EmulatorFaults}.</li>
 * </ul>
 */
package dev.photoreel.local.emulator;
