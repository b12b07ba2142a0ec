package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.workflow.IntakeService.IntakeResult.Outcome;
import dev.photoreel.workflow.IntakeService.UploadEvent;
import dev.photoreel.workflow.testing.FakeMediaStore;
import dev.photoreel.workflow.testing.Fixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntakeServiceTest {

    private final Fixture f = new Fixture(Map.of("POLL_INTERVAL_SECONDS", "1", "UPLOAD_CHECK_SECONDS", "5", "MAX_UPLOAD_CHECKS", "3"));
    private final IntakeService intake = f.intake();

    /** Puts an object in the bucket (its content named by {@code version}) and returns its S3 event. */
    private UploadEvent event(String key, String version) {
        byte[] content = (key + "@" + version).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (!f.media.contains(key) || !java.util.Arrays.equals(f.media.bytes(key), content)) {
            f.media.put(key, content, f.now());
        }
        return eventFor(key, version, content);
    }

    /** The S3 event of one version of an object, as S3 sends it (ETag without quotes, its own event time). */
    private UploadEvent eventFor(String key, String version, byte[] content) {
        return new UploadEvent(Fixture.BUCKET, key, content.length, FakeMediaStore.eTagOf(content).replace("\"", ""), version, f.now());
    }

    private long jobsUnder(String folder) {
        return f.executions.executions.keySet().stream().filter(id -> id.startsWith(folder + "-")).count();
    }

    @Test
    void accept_firstUpload_createsJobAndStartsExecutionNamedAfterIt() throws Exception {
        IntakeService.IntakeResult result = intake.accept(event("uploads/trip/a.jpg", "01"));

        assertEquals(Outcome.STARTED, result.outcome());
        String jobId = result.jobId();
        assertTrue(jobId.matches("trip-[0-9a-f]{8}-1"), jobId);
        assertEquals(1, f.executions.executions.size());
        JsonNode input = Json.MAPPER.readTree(f.executions.executions.get(jobId));
        assertEquals(jobId, input.path("jobId").asText());
        assertEquals("uploads/trip/", input.path("prefix").asText());
        assertEquals(Fixture.BUCKET, input.path("bucket").asText());
        assertEquals(60, input.path("settings").path("quietPeriodSeconds").asInt());
        assertEquals(1, input.path("settings").path("pollIntervalSeconds").asInt());
        assertEquals(5, input.path("settings").path("uploadCheckSeconds").asInt());
        assertEquals(3, input.path("settings").path("maxUploadChecks").asInt());
        assertTrue(input.path("settings").path("maxRenderPolls").asInt() > 0);
        assertEquals(JobStatus.RECEIVED, f.jobs.find(jobId).orElseThrow().status());
        assertEquals(java.util.List.of("jobStarted"), f.metrics.recorded);
    }

    @Test
    void accept_readsTheJobItemOnlyWhereItMustDecide_firstUploadNone_laterUploadsOnce() {
        int before = f.jobs.jobReads();
        String jobId = intake.accept(event("uploads/trip/a.jpg", "01")).jobId();
        assertEquals(0, f.jobs.jobReads() - before, "the first upload creates the job (joined) and starts it without reading it back");
        Job created = f.jobs.find(jobId).orElseThrow();
        assertEquals(1L, created.uploadEvents(), "the creating upload is counted by the create itself");
        assertEquals(Times.format(f.now()), Times.format(created.lastUploadAt()));
        assertTrue(created.executionStarted());

        before = f.jobs.jobReads();
        assertEquals(Outcome.JOINED, intake.accept(event("uploads/trip/b.jpg", "02")).outcome());
        assertEquals(1, f.jobs.jobReads() - before, "a later upload reads the job once (closed set, existence and started flag)");
        assertEquals(2L, f.jobs.find(jobId).orElseThrow().uploadEvents());
        assertEquals(1, f.executions.executions.size());
    }

    @Test
    void accept_repeatedEvent_neverStartsASecondWorkflow() {
        String jobId = intake.accept(event("uploads/trip/a.jpg", "01")).jobId();
        IntakeService.IntakeResult again = intake.accept(event("uploads/trip/a.jpg", "01"));

        assertEquals(Outcome.DUPLICATE, again.outcome());
        assertEquals(jobId, again.jobId());
        assertEquals(1, f.executions.executions.size());
        assertEquals(1, f.jobs.jobCount());
    }

    @Test
    void accept_aRepeatedDeliveryOfTheFirstUpload_racingIt_isADuplicateOfTheJobItCreated() {
        UploadEvent event = event("uploads/trip/a.jpg", "01");
        IntakeService.IntakeResult[] first = new IntakeService.IntakeResult[1];
        f.jobs.beforeNextIntakeWrite(() -> first[0] = intake.accept(event));

        IntakeService.IntakeResult racing = intake.accept(event);

        assertEquals(Outcome.STARTED, first[0].outcome());
        assertEquals(Outcome.DUPLICATE, racing.outcome());
        assertEquals(first[0].jobId(), racing.jobId());
        assertEquals(1, f.jobs.jobCount());
        assertEquals(1L, f.jobs.find(racing.jobId()).orElseThrow().uploadEvents(), "the upload is counted once");
        assertEquals(1, f.executions.executions.size());
    }

    @Test
    void accept_aRepeatedDeliveryOfALaterUpload_racingIt_countsTheUploadOnce() {
        String jobId = intake.accept(event("uploads/trip/a.jpg", "01")).jobId();
        UploadEvent later = event("uploads/trip/b.jpg", "02");
        IntakeService.IntakeResult[] first = new IntakeService.IntakeResult[1];
        f.jobs.beforeNextIntakeWrite(() -> first[0] = intake.accept(later));

        IntakeService.IntakeResult racing = intake.accept(later);

        assertEquals(Outcome.JOINED, first[0].outcome());
        assertEquals(Outcome.DUPLICATE, racing.outcome());
        assertEquals(jobId, racing.jobId());
        assertEquals(2L, f.jobs.find(jobId).orElseThrow().uploadEvents());
    }

    @Test
    void accept_whileAnotherTransactionHoldsTheFolder_triesAgainAfterAPause() {
        f.jobs.contendNextIntakeWrites(2);
        java.time.Instant before = f.now();

        IntakeService.IntakeResult result = intake.accept(event("uploads/trip/a.jpg", "01"));

        assertEquals(Outcome.STARTED, result.outcome());
        assertEquals(1L, f.jobs.find(result.jobId()).orElseThrow().uploadEvents());
        assertEquals(Duration.ofMillis(20 + 40), Duration.between(before, f.now()), "backs off 20 ms, then 40 ms");
    }

    @Test
    void accept_contendedOnEveryAttempt_failsSoTheQueueRetriesTheEvent_andWritesNothing() {
        f.jobs.contendNextIntakeWrites(8);

        IllegalStateException failure = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> intake.accept(event("uploads/trip/a.jpg", "01")));

        assertTrue(failure.getMessage().contains("goes back to the intake queue"), failure.getMessage());
        assertEquals(0, f.jobs.jobCount());
        assertTrue(f.executions.executions.isEmpty());
        assertEquals(Outcome.STARTED, intake.accept(event("uploads/trip/a.jpg", "01")).outcome(), "the retried event makes the job");
    }

    @Test
    void accept_aFolderPointingAtAJobThatWasNeverCreated_opensTheNextGeneration() {
        String orphan = IntakeService.jobId("uploads/trip/", "trip", 1);
        f.jobs.pointFolder(new JobRepository.PrefixPointer("uploads/trip/", 1, orphan, true));

        IntakeService.IntakeResult result = intake.accept(event("uploads/trip/a.jpg", "01"));

        assertEquals(Outcome.STARTED, result.outcome());
        assertTrue(result.jobId().endsWith("-2"), result.jobId());
        assertEquals(new JobRepository.PrefixPointer("uploads/trip/", 2, result.jobId(), true), f.jobs.findPrefix("uploads/trip/").orElseThrow());
    }

    @Test
    void accept_repeatedEventAfterTheJobFinished_doesNotStartANewJob() {
        String jobId = intake.accept(event("uploads/trip/a.jpg", "01")).jobId();
        f.jobs.transition(jobId, JobStatus.COMPLETED, Map.of(), f.now());

        assertEquals(Outcome.DUPLICATE, intake.accept(event("uploads/trip/a.jpg", "01")).outcome());
        assertEquals(1, f.jobs.jobCount());
    }

    @Test
    void accept_moreFilesWhileCollecting_joinTheSameJob() {
        String first = intake.accept(event("uploads/trip/a.jpg", "01")).jobId();
        f.advance(Duration.ofSeconds(10));
        IntakeService.IntakeResult second = intake.accept(event("uploads/trip/b.jpg", "02"));

        assertEquals(Outcome.JOINED, second.outcome());
        assertEquals(first, second.jobId());
        Job job = f.jobs.find(first).orElseThrow();
        assertEquals(2L, job.uploadEvents());
        assertEquals(f.now(), job.lastUploadAt());
        assertEquals(1, f.executions.calls);
    }

    @Test
    void accept_fileAfterTheJobEnded_startsANewJobAndLeavesTheOldOneAlone() {
        String first = intake.accept(event("uploads/trip/a.jpg", "01")).jobId();
        f.jobs.transition(first, JobStatus.COMPLETED, Map.of(JobAttributes.VIDEO_KEY, "videos/x.mp4"), f.now());
        Job before = f.jobs.find(first).orElseThrow();

        IntakeService.IntakeResult next = intake.accept(event("uploads/trip/c.jpg", "03"));

        assertEquals(Outcome.STARTED, next.outcome());
        assertNotEquals(first, next.jobId());
        assertTrue(next.jobId().endsWith("-2"));
        assertEquals(before, f.jobs.find(first).orElseThrow());
        assertEquals(2, f.executions.executions.size());
    }

    @Test
    void accept_keysOutsideUploadsOrWithoutFolder_areIgnored() {
        assertEquals(Outcome.IGNORED, intake.accept(event("videos/trip-1.mp4", "01")).outcome());
        assertEquals(Outcome.IGNORED, intake.accept(event("uploads/loose.jpg", "02")).outcome());
        assertEquals(Outcome.IGNORED, intake.accept(event("uploads/trip/", "03")).outcome());
        assertEquals(Outcome.IGNORED, intake.accept(new UploadEvent("other-bucket", "uploads/trip/a.jpg", 1, "e", "04", f.now())).outcome());
        assertEquals(0, f.jobs.jobCount());
        assertEquals(0, f.executions.calls);
    }

    @Test
    void accept_oddFolderNames_giveSafeJobIds() {
        String unicode = intake.accept(event("uploads/Fête d'été ../a b.jpg", "01")).jobId();
        String dots = intake.accept(event("uploads/../x.jpg", "02")).jobId();

        assertTrue(unicode.matches("[A-Za-z0-9_-]{1,80}"), unicode);
        assertTrue(unicode.startsWith("F-te-d-t-"), unicode);
        assertTrue(dots.matches("job-[0-9a-f]{8}-1"), dots);
        String longName = "x".repeat(300);
        String longId = intake.accept(event("uploads/" + longName + "/a.jpg", "03")).jobId();
        assertTrue(longId.length() <= 80, longId);
    }

    @Test
    void jobId_differentFoldersWithTheSameSlug_differ() {
        assertNotEquals(IntakeService.jobId("uploads/a b/", "a b", 1), IntakeService.jobId("uploads/a-b/", "a-b", 1));
    }

    @Test
    void checkUploads_withManifest_settlesAtOnceAndClosesTheFolder() {
        intake.accept(event("uploads/trip/a.jpg", "01"));
        String jobId = intake.accept(event("uploads/trip/job.json", "02")).jobId();

        IntakeService.UploadCheck check = intake.checkUploads(jobId, 0, f.config.settings());

        assertEquals(new IntakeService.UploadCheck(true, 1, true, 2), check);
        assertEquals(JobStatus.VALIDATING, f.jobs.find(jobId).orElseThrow().status());
        assertFalse(f.jobs.findPrefix("uploads/trip/").orElseThrow().open());
    }

    @Test
    void checkUploads_withoutManifest_waitsForTheQuietPeriod() {
        String jobId = intake.accept(event("uploads/trip/a.jpg", "01")).jobId();
        f.advance(Duration.ofSeconds(59));
        IntakeService.UploadCheck waiting = intake.checkUploads(jobId, 0, f.config.settings());
        assertFalse(waiting.settled());
        assertEquals(JobStatus.WAITING_FOR_UPLOADS, f.jobs.find(jobId).orElseThrow().status());

        f.advance(Duration.ofSeconds(1));
        assertTrue(intake.checkUploads(jobId, waiting.checks(), f.config.settings()).settled());
    }

    /**
     * A job whose folder is being watched: an intake with a 3 s settle time whose pauses advance the fake clock and
     * then run {@code onPause} (given the pauses so far), and the job its first upload, a.jpg, started just now.
     */
    private static final class Watched {
        final Fixture f = new Fixture(Map.of("UPLOAD_SETTLE_SECONDS", "3"));
        final List<Duration> pauses = new java.util.ArrayList<>();
        final IntakeService intake;
        final String jobId;

        Watched(java.util.function.BiConsumer<Watched, Integer> onPause) {
            intake = new IntakeService(f.jobs, f.media, f.executions, f.config, f.clock, f.metrics, d -> {
                pauses.add(d);
                f.clock.advance(d);
                onPause.accept(this, pauses.size());
            });
            jobId = upload("a.jpg", "01");
        }

        /** Puts uploads/trip/{@code name} in the bucket and delivers its event; the job it joined. */
        String upload(String name, String sequencer) {
            f.media.put("uploads/trip/" + name, bytes(name), f.now());
            return intake.accept(new UploadEvent(Fixture.BUCKET, "uploads/trip/" + name, 1, null, sequencer, f.now())).jobId();
        }

        IntakeService.UploadCheck check() {
            return intake.checkUploads(jobId, 0, f.config.settings());
        }

        static byte[] bytes(String name) {
            return name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void checkUploads_whenJobJsonLandsWhileFilesArrive_settlesInTheSameCheck() {
        Watched w = new Watched((watched, pause) -> {
            if (pause == 2) {
                watched.f.media.put("uploads/trip/job.json", Watched.bytes("{}"), watched.f.now());
            }
        });

        IntakeService.UploadCheck check = w.check();

        assertEquals(new IntakeService.UploadCheck(true, 1, true, 2), check, "job.json came 0.5 s into the check: one check, no Wait");
        assertEquals(2, w.pauses.size());
        assertEquals(JobStatus.VALIDATING, w.f.jobs.find(w.jobId).orElseThrow().status());
    }

    @Test
    void checkUploads_anUploadJoiningWhileWatched_refusesTheCloseOnce_thenClosesWithIt() {
        Watched w = new Watched((watched, pause) -> {
            if (pause == 1) {
                watched.f.media.put("uploads/trip/job.json", Watched.bytes("{}"), watched.f.now());
                watched.upload("b.jpg", "02");
            }
        });

        IntakeService.UploadCheck check = w.check();

        assertEquals(new IntakeService.UploadCheck(true, 1, true, 3), check);
        assertEquals(2, w.pauses.size(), "the close with the stale event count is refused; the next look reads the job and closes");
        assertTrue(w.f.jobs.find(w.jobId).orElseThrow().uploadSet().contains("uploads/trip/b.jpg",
                FakeMediaStore.eTagOf(Watched.bytes("b.jpg"))));
    }

    @Test
    void checkUploads_whenNothingMoreArrivesWithinTheSettleTime_answersNotYetAfterWatchingThatLong() {
        Watched w = new Watched((watched, pause) -> { });
        int readsBefore = w.f.jobs.jobReads();

        IntakeService.UploadCheck check = w.check();

        assertFalse(check.settled());
        assertEquals(Duration.ofSeconds(3), w.pauses.stream().reduce(Duration.ZERO, Duration::plus), "watched for the settle time, no longer");
        assertEquals(1, w.f.jobs.jobReads() - readsBefore, "watching lists the folder; the job item is read once");
        assertEquals(JobStatus.WAITING_FOR_UPLOADS, w.f.jobs.find(w.jobId).orElseThrow().status());
    }

    @Test
    void checkUploads_aFolderWithNoRecentUpload_isNotWatched() {
        Watched w = new Watched((watched, pause) -> { });
        w.f.advance(Duration.ofSeconds(10));

        assertFalse(w.check().settled());
        assertEquals(List.of(), w.pauses, "the last upload is 10 s old: the Wait, not the Lambda, waits for the quiet period");
    }

    @Test
    void checkUploads_pastMaxUploadChecks_onlyCounts_theUploadsSettledChoiceIsTheBound() {
        String jobId = intake.accept(event("uploads/trip/a.jpg", "01")).jobId();
        IntakeService.UploadCheck check = intake.checkUploads(jobId, 5, f.config.settings());
        assertFalse(check.settled());
        assertEquals(6, check.checks(), "past maxUploadChecks (3) the step still counts and reports");
    }

    @Test
    void accept_uploadAfterSettle_startsTheNextGeneration() {
        String jobId = intake.accept(event("uploads/trip/job.json", "01")).jobId();
        intake.checkUploads(jobId, 0, f.config.settings());

        IntakeService.IntakeResult late = intake.accept(event("uploads/trip/late.jpg", "02"));

        assertNotEquals(jobId, late.jobId());
        assertEquals(Outcome.STARTED, late.outcome());
    }

    @Test
    void accept_eventsShuffledAndLate_makeOneJobWhoseSetHoldsEveryFile() {
        List<UploadEvent> events = new java.util.ArrayList<>(List.of(event("uploads/trip/a.jpg", "01"), event("uploads/trip/b.jpg", "02"),
                event("uploads/trip/c.jpg", "03"), event("uploads/trip/job.json", "04")));
        // job.json was uploaded last, but its event arrives first; the others arrive after the set closed and
        // after the quiet period, one of them twice
        String jobId = intake.accept(events.get(3)).jobId();
        IntakeService.UploadCheck check = intake.checkUploads(jobId, 0, f.config.settings());
        f.advance(Duration.ofMinutes(5));
        List<IntakeService.IntakeResult> late = List.of(intake.accept(events.get(1)), intake.accept(events.get(0)),
                intake.accept(events.get(2)), intake.accept(events.get(0)));

        assertEquals(new IntakeService.UploadCheck(true, 1, true, 4), check);
        late.forEach(r -> assertEquals(Outcome.DUPLICATE, r.outcome(), r.toString()));
        late.forEach(r -> assertEquals(jobId, r.jobId()));
        assertEquals(1, f.jobs.jobCount());
        assertEquals(1, f.executions.executions.size());
        assertEquals(4, f.jobs.find(jobId).orElseThrow().uploadSet().size());
    }

    @Test
    void checkUploads_quietPeriod_closesWithFilesWhoseEventsHaveNotArrivedYet() {
        UploadEvent a = event("uploads/trip/a.jpg", "01");
        UploadEvent b = event("uploads/trip/b.jpg", "02");
        String jobId = intake.accept(a).jobId();
        f.advance(Duration.ofSeconds(61));

        assertTrue(intake.checkUploads(jobId, 0, f.config.settings()).settled());
        IntakeService.IntakeResult lateB = intake.accept(b);

        assertEquals(Outcome.DUPLICATE, lateB.outcome());
        assertTrue(f.jobs.find(jobId).orElseThrow().uploadSet().contains(b.key(), b.eTag()));
        assertEquals(1, f.executions.executions.size());
    }

    @Test
    void checkUploads_quietPeriod_countsFromArrivalNotFromTheEventsOwnTime() {
        UploadEvent stale = event("uploads/trip/a.jpg", "01");
        f.advance(Duration.ofMinutes(10));
        f.media.put("uploads/trip/a.jpg", f.media.bytes("uploads/trip/a.jpg"), f.now());
        String jobId = intake.accept(stale).jobId();

        IntakeService.UploadCheck check = intake.checkUploads(jobId, 0, f.config.settings());

        assertFalse(check.settled(), "an event delivered ten minutes late does not make the folder quiet");
    }

    @Test
    void checkUploads_anObjectNewerThanTheLastEvent_keepsTheFolderOpen() {
        String jobId = intake.accept(event("uploads/trip/a.jpg", "01")).jobId();
        f.advance(Duration.ofSeconds(50));
        f.media.put("uploads/trip/b.jpg", new byte[] {1, 2, 3}, f.now());
        f.advance(Duration.ofSeconds(20));

        assertFalse(intake.checkUploads(jobId, 0, f.config.settings()).settled(), "b.jpg is 20 s old, its event is still on its way");
        f.advance(Duration.ofSeconds(40));
        assertTrue(intake.checkUploads(jobId, 1, f.config.settings()).settled());
    }

    @Test
    void checkUploads_anUploadJoiningWhileTheFolderIsListed_keepsTheSetOpenForIt() {
        String jobId = intake.accept(event("uploads/trip/job.json", "01")).jobId();
        f.media.beforeList = () -> {
            f.media.beforeList = null;
            intake.accept(event("uploads/trip/z.jpg", "02"));
        };

        IntakeService.UploadCheck first = intake.checkUploads(jobId, 0, f.config.settings());
        IntakeService.UploadCheck second = intake.checkUploads(jobId, first.checks(), f.config.settings());

        assertFalse(first.settled(), "z.jpg joined after the listing began: closing without it would lose it");
        assertTrue(second.settled());
        assertEquals(2, f.jobs.find(jobId).orElseThrow().uploadSet().size());
        assertEquals(1, f.executions.executions.size());
    }

    @Test
    void accept_fileOverwrittenAfterTheClose_startsANewJob_andTheOldVersionsLateEventDoesNothing() {
        UploadEvent first = event("uploads/trip/a.jpg", "01");
        String jobId = intake.accept(first).jobId();
        f.advance(Duration.ofSeconds(61));
        intake.checkUploads(jobId, 0, f.config.settings());

        IntakeService.IntakeResult changed = intake.accept(event("uploads/trip/a.jpg", "02"));
        IntakeService.IntakeResult replayedOld = intake.accept(new UploadEvent(first.bucket(), first.key(), first.size(), first.eTag(),
                "01-again", f.now()));

        assertEquals(Outcome.STARTED, changed.outcome());
        assertTrue(changed.jobId().endsWith("-2"), changed.jobId());
        assertEquals(Outcome.DUPLICATE, replayedOld.outcome());
        assertEquals(2, jobsUnder("trip"));
    }

    @Test
    void accept_eventForAVersionNoLongerInS3_isIgnoredAsStale() {
        String jobId = intake.accept(event("uploads/trip/a.jpg", "01")).jobId();
        f.advance(Duration.ofSeconds(61));
        intake.checkUploads(jobId, 0, f.config.settings());
        byte[] gone = "a version overwritten before its event arrived".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        IntakeService.IntakeResult stale = intake.accept(eventFor("uploads/trip/b.jpg", "07", gone));

        assertEquals(Outcome.IGNORED, stale.outcome());
        assertTrue(stale.reason().contains("stale"), stale.reason());
        assertEquals(1, f.executions.executions.size());
    }

    @Test
    void checkUploads_nextGeneration_doesNotCloseOnThePreviousGenerationsJobJson() {
        String first = intake.accept(event("uploads/trip/job.json", "01")).jobId();
        intake.checkUploads(first, 0, f.config.settings());
        String second = intake.accept(event("uploads/trip/more.jpg", "02")).jobId();

        IntakeService.UploadCheck check = intake.checkUploads(second, 0, f.config.settings());

        assertNotEquals(first, second);
        assertFalse(check.settled(), "the old job.json is not a new one: wait for the quiet period or a new job.json");
        intake.accept(event("uploads/trip/job.json", "03"));
        assertTrue(intake.checkUploads(second, check.checks(), f.config.settings()).manifest());
    }
}
