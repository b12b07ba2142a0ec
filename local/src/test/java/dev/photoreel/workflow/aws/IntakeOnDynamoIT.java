package dev.photoreel.workflow.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.photoreel.local.stack.MotoDynamoDb;
import dev.photoreel.workflow.IntakeService;
import dev.photoreel.workflow.JobRepository;
import dev.photoreel.workflow.Sleeper;
import dev.photoreel.workflow.WorkflowConfig;
import dev.photoreel.workflow.WorkflowMetrics;
import dev.photoreel.workflow.testing.FakeMediaStore;
import dev.photoreel.workflow.testing.RecordingExecutionStarter;
import dev.photoreel.workflow.testing.TestEnvironment;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Intake on DynamoDB's protocol (the local stack's moto): concurrent and repeated S3 events for one new folder make one job and one execution. */
class IntakeOnDynamoIT {

    @Test
    void concurrentEventsForANewFolder_createOneJobAndOneExecution() throws Exception {
        JobRepository jobs = new DynamoJobRepository(MotoDynamoDb.client(), MotoDynamoDb.createJobsTable());
        RecordingExecutionStarter executions = new RecordingExecutionStarter();
        IntakeService intake = new IntakeService(jobs, new FakeMediaStore(), executions, WorkflowConfig.fromMap(TestEnvironment.with(Map.of("MEDIA_BUCKET", "b"))),
                Clock.systemUTC(), WorkflowMetrics.NONE, Sleeper.REAL);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<IntakeService.IntakeResult>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                // every file twice: S3 delivers at least once
                String key = "uploads/party/photo-" + (i % 6) + ".jpg";
                String sequencer = "seq" + (i % 6);
                results.add(pool.submit(() -> {
                    start.await();
                    return intake.accept(new IntakeService.UploadEvent("b", key, 10, "e", sequencer, Instant.now()));
                }));
            }
            start.countDown();
            Set<String> jobIds = new HashSet<>();
            for (Future<IntakeService.IntakeResult> result : results) {
                jobIds.add(result.get(30, TimeUnit.SECONDS).jobId());
            }
            assertEquals(1, jobIds.size(), jobIds.toString());
            assertEquals(1, executions.executions.size());
            String jobId = jobIds.iterator().next();
            assertEquals(1, jobs.findPrefix("uploads/party/").orElseThrow().generation());
            long events = jobs.find(jobId).orElseThrow().uploadEvents();
            assertEquals(6, events, "each upload counted once, however often it was delivered");
        } finally {
            pool.shutdownNow();
        }
    }
}
