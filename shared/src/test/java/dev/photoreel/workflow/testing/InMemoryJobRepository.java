package dev.photoreel.workflow.testing;

import dev.photoreel.workflow.Job;
import dev.photoreel.workflow.JobAttributes;
import dev.photoreel.workflow.JobRepository;
import dev.photoreel.workflow.JobStatus;
import dev.photoreel.workflow.Times;
import dev.photoreel.workflow.exceptions.JobStateConflictException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link JobRepository} in memory with the same conditional-write rules as the DynamoDB one. */
public final class InMemoryJobRepository implements JobRepository {

    private final Map<String, Map<String, Object>> jobs = new HashMap<>();
    private final Map<String, PrefixPointer> prefixes = new HashMap<>();
    private final Map<String, String> events = new HashMap<>();

    private int jobReads;
    private int contendedWrites;
    private Runnable beforeNextIntakeWrite;

    /** The next {@code writes} intake writes answer {@code CONTENDED}, as DynamoDB does when another transaction holds an item. */
    public synchronized void contendNextIntakeWrites(int writes) {
        contendedWrites = writes;
    }

    /** Runs {@code action} once, just before the next intake write: a concurrent writer getting there first. */
    public synchronized void beforeNextIntakeWrite(Runnable action) {
        beforeNextIntakeWrite = action;
    }

    /** Points a folder at a job without creating it: what a writer left behind before intake wrote both in one transaction. */
    public synchronized void pointFolder(PrefixPointer pointer) {
        prefixes.put(pointer.prefix(), pointer);
    }

    /** What the test seams say about this intake write: run the concurrent writer, or answer CONTENDED (else null). */
    private IntakeWrite interference() {
        Runnable action = beforeNextIntakeWrite;
        beforeNextIntakeWrite = null;
        if (action != null) {
            action.run();
        }
        if (contendedWrites > 0) {
            contendedWrites--;
            return IntakeWrite.CONTENDED;
        }
        return null;
    }

    /** How many times a job item was read ({@link #find}) so far: the round trips a DynamoDB table would answer. */
    public synchronized int jobReads() {
        return jobReads;
    }

    @Override
    public synchronized Optional<Job> find(String jobId) {
        jobReads++;
        return Optional.ofNullable(jobs.get(jobId)).map(m -> Job.fromAttributes(new HashMap<>(m)));
    }

    @Override
    public synchronized Optional<PrefixPointer> findPrefix(String prefix) {
        return Optional.ofNullable(prefixes.get(prefix));
    }

    @Override
    public synchronized void closePrefix(String prefix, String jobId) {
        PrefixPointer current = prefixes.get(prefix);
        if (current != null && current.jobId().equals(jobId)) {
            prefixes.put(prefix, new PrefixPointer(prefix, current.generation(), jobId, false));
        }
    }

    @Override
    public synchronized Optional<String> findUploadEvent(String eventId) {
        return Optional.ofNullable(events.get(eventId));
    }

    @Override
    public synchronized boolean createJob(String jobId, Map<String, Object> attributes, Instant now, Instant expiresAt) {
        if (jobs.containsKey(jobId)) {
            return false;
        }
        Map<String, Object> item = new HashMap<>(attributes);
        item.put(JobAttributes.JOB_ID, jobId);
        item.put(JobAttributes.STATUS, JobStatus.RECEIVED.name());
        item.put(JobAttributes.STATUS_RANK, JobStatus.RECEIVED.rank());
        item.put(JobStatus.RECEIVED.timestampAttribute(), Times.format(now));
        item.put(JobAttributes.TTL, expiresAt.getEpochSecond());
        item.put(JobAttributes.PENDING, Pending.OPEN.name());
        item.put(JobAttributes.PENDING_SINCE, Times.format(now));
        jobs.put(jobId, item);
        return true;
    }

    @Override
    public synchronized IntakeWrite openGeneration(PrefixPointer next, Map<String, Object> attributes, String eventId, Instant now,
                                                   Instant expiresAt) {
        IntakeWrite interfered = interference();
        if (interfered != null) {
            return interfered;
        }
        if (events.containsKey(eventId)) {
            return IntakeWrite.EVENT_HANDLED;
        }
        PrefixPointer current = prefixes.get(next.prefix());
        boolean expected = next.generation() <= 1 ? current == null : current != null && current.generation() == next.generation() - 1;
        if (!expected || jobs.containsKey(next.jobId())) {
            return IntakeWrite.REFUSED;
        }
        prefixes.put(next.prefix(), new PrefixPointer(next.prefix(), next.generation(), next.jobId(), true));
        createJob(next.jobId(), attributes, now, expiresAt);
        events.put(eventId, next.jobId());
        return IntakeWrite.JOINED;
    }

    @Override
    public synchronized IntakeWrite joinJob(String jobId, String eventId, Instant uploadedAt, Instant expiresAt) {
        IntakeWrite interfered = interference();
        if (interfered != null) {
            return interfered;
        }
        if (events.containsKey(eventId)) {
            return IntakeWrite.EVENT_HANDLED;
        }
        Map<String, Object> item = jobs.get(jobId);
        if (item == null || !JobStatus.valueOf((String) item.get(JobAttributes.STATUS)).isCollecting()) {
            return IntakeWrite.REFUSED;
        }
        item.merge(JobAttributes.UPLOAD_EVENTS, 1L, (a, b) -> ((Number) a).longValue() + 1);
        String time = Times.format(uploadedAt);
        Object last = item.get(JobAttributes.LAST_UPLOAD_AT);
        if (last == null || ((String) last).compareTo(time) < 0) {
            item.put(JobAttributes.LAST_UPLOAD_AT, time);
        }
        events.put(eventId, jobId);
        return IntakeWrite.JOINED;
    }

    @Override
    public synchronized boolean closeUploads(String jobId, long uploadEvents, Map<String, Object> attributes, Instant now) {
        Map<String, Object> item = jobs.get(jobId);
        if (item == null || !JobStatus.valueOf((String) item.get(JobAttributes.STATUS)).isCollecting()) {
            return false;
        }
        Object joined = item.get(JobAttributes.UPLOAD_EVENTS);
        if ((joined == null ? 0L : ((Number) joined).longValue()) != uploadEvents) {
            return false;
        }
        transition(jobId, JobStatus.VALIDATING, attributes, now);
        return true;
    }

    @Override
    public synchronized Job transition(String jobId, JobStatus status, Map<String, Object> attributes, Instant now) {
        Map<String, Object> item = jobs.get(jobId);
        if (item == null) {
            throw new JobStateConflictException("job " + jobId + " does not exist: it cannot move to " + status);
        }
        JobStatus current = JobStatus.valueOf((String) item.get(JobAttributes.STATUS));
        if (current.rank() > status.rank() || (current.isFinal() && current != status)) {
            throw new JobStateConflictException("job " + jobId + " is " + current + ": it cannot move to " + status);
        }
        item.put(JobAttributes.STATUS, status.name());
        item.put(JobAttributes.STATUS_RANK, status.rank());
        item.putIfAbsent(status.timestampAttribute(), Times.format(now));
        attributes.forEach((k, v) -> item.put(k, normalize(v)));
        if (status.isFinal()) {
            item.putIfAbsent(JobAttributes.NOTIFICATION, JobAttributes.NOTIFICATION_PENDING);
            item.put(JobAttributes.PENDING, Pending.NOTIFY.name());
            item.put(JobAttributes.PENDING_SINCE, Times.format(now));
        }
        return Job.fromAttributes(new HashMap<>(item));
    }

    @Override
    public synchronized void setAttributes(String jobId, Map<String, Object> attributes) {
        Map<String, Object> item = jobs.get(jobId);
        if (item == null) {
            throw new JobStateConflictException("job " + jobId + " does not exist");
        }
        attributes.forEach((k, v) -> item.put(k, normalize(v)));
    }

    @Override
    public synchronized NotificationClaim claimNotification(String jobId, String claimant, Instant now, Duration lease) {
        Map<String, Object> item = jobs.get(jobId);
        if (item == null) {
            throw new JobStateConflictException("job " + jobId + " does not exist");
        }
        if (item.get(JobAttributes.NOTIFIED_AT) != null) {
            return NotificationClaim.ALREADY_SENT;
        }
        Object holder = item.get(JobAttributes.NOTIFY_CLAIMANT);
        Object claimedAt = item.get(JobAttributes.NOTIFY_CLAIMED_AT);
        boolean free = holder == null || holder.equals(claimant)
                || ((String) claimedAt).compareTo(Times.format(now.minus(lease))) < 0;
        if (!free) {
            return NotificationClaim.HELD_BY_ANOTHER;
        }
        item.put(JobAttributes.NOTIFY_CLAIMANT, claimant);
        item.put(JobAttributes.NOTIFY_CLAIMED_AT, Times.format(now));
        return NotificationClaim.CLAIMED;
    }

    @Override
    public synchronized void confirmNotification(String jobId, String claimant, String messageId, Instant now, boolean webhookPending) {
        Map<String, Object> item = jobs.get(jobId);
        if (item != null && item.get(JobAttributes.NOTIFIED_AT) == null) {
            item.put(JobAttributes.NOTIFIED_AT, Times.format(now));
            item.put(JobAttributes.NOTIFICATION_MESSAGE_ID, messageId);
            item.put(JobAttributes.NOTIFICATION, JobAttributes.NOTIFICATION_SENT);
            if (webhookPending) {
                item.put(JobAttributes.WEBHOOK, JobAttributes.WEBHOOK_PENDING);
                item.put(JobAttributes.WEBHOOK_CLAIMANT, claimant);
                item.put(JobAttributes.WEBHOOK_CLAIMED_AT, Times.format(now));
                item.put(JobAttributes.PENDING, Pending.WEBHOOK.name());
                item.put(JobAttributes.PENDING_SINCE, Times.format(now));
            } else {
                item.remove(JobAttributes.PENDING);
                item.remove(JobAttributes.PENDING_SINCE);
            }
        }
    }

    @Override
    public synchronized boolean claimWebhook(String jobId, String claimant, Instant now, Duration lease) {
        Map<String, Object> item = jobs.get(jobId);
        if (item == null || !JobAttributes.WEBHOOK_PENDING.equals(item.get(JobAttributes.WEBHOOK))) {
            return false;
        }
        boolean free = claimant.equals(item.get(JobAttributes.WEBHOOK_CLAIMANT))
                || ((String) item.get(JobAttributes.WEBHOOK_CLAIMED_AT)).compareTo(Times.format(now.minus(lease))) < 0;
        if (!free) {
            return false;
        }
        item.put(JobAttributes.WEBHOOK_CLAIMANT, claimant);
        item.put(JobAttributes.WEBHOOK_CLAIMED_AT, Times.format(now));
        return true;
    }

    @Override
    public synchronized void finishWebhook(String jobId, Map<String, Object> attributes) {
        Map<String, Object> item = jobs.get(jobId);
        if (item == null) {
            throw new JobStateConflictException("job " + jobId + " does not exist");
        }
        attributes.forEach((k, v) -> item.put(k, normalize(v)));
        item.remove(JobAttributes.PENDING);
        item.remove(JobAttributes.PENDING_SINCE);
    }

    @Override
    public synchronized boolean claimRevision(String jobId, int version, Instant now) {
        Map<String, Object> item = jobs.get(jobId);
        if (item == null || !JobStatus.COMPLETED.name().equals(item.get(JobAttributes.STATUS))
                || item.get(JobAttributes.RUNNING_VERSION) != null) {
            return false;
        }
        Object latest = item.get(JobAttributes.LATEST_VERSION);
        long previous = latest == null ? 1 : ((Number) latest).longValue();
        if (previous != version - 1L) {
            return false;
        }
        item.put(JobAttributes.LATEST_VERSION, normalize(version));
        item.put(JobAttributes.RUNNING_VERSION, normalize(version));
        item.put(JobAttributes.UPDATED_AT, Times.format(now));
        return true;
    }

    @Override
    public synchronized boolean releaseRevision(String jobId, int version, Map<String, Object> attributes) {
        Map<String, Object> item = jobs.get(jobId);
        Object running = item == null ? null : item.get(JobAttributes.RUNNING_VERSION);
        if (running == null || ((Number) running).longValue() != version) {
            return false;
        }
        item.remove(JobAttributes.RUNNING_VERSION);
        attributes.forEach((k, v) -> item.put(k, normalize(v)));
        return true;
    }

    @Override
    public synchronized List<String> findPending(Pending kind, Instant before, int limit) {
        String cutoff = Times.format(before);
        return jobs.values().stream()
                .filter(item -> kind.name().equals(item.get(JobAttributes.PENDING)))
                .filter(item -> ((String) item.get(JobAttributes.PENDING_SINCE)).compareTo(cutoff) < 0)
                .sorted(Comparator.comparing(item -> (String) item.get(JobAttributes.PENDING_SINCE)))
                .limit(limit)
                .map(item -> (String) item.get(JobAttributes.JOB_ID))
                .toList();
    }

    @Override
    public synchronized void clearPending(String jobId) {
        Map<String, Object> item = jobs.get(jobId);
        if (item != null && item.get(JobAttributes.NOTIFIED_AT) != null
                && !JobAttributes.WEBHOOK_PENDING.equals(item.get(JobAttributes.WEBHOOK))) {
            item.put(JobAttributes.NOTIFICATION, JobAttributes.NOTIFICATION_SENT);
            item.remove(JobAttributes.PENDING);
            item.remove(JobAttributes.PENDING_SINCE);
        }
    }

    /** Test helper: sets attributes as they are, bypassing every rule (e.g. an item from an older version). */
    public synchronized void put(String jobId, String attribute, Object value) {
        if (value == null) {
            jobs.get(jobId).remove(attribute);
        } else {
            jobs.get(jobId).put(attribute, value);
        }
    }

    @Override
    public synchronized void releaseNotification(String jobId, String claimant) {
        Map<String, Object> item = jobs.get(jobId);
        if (item != null && claimant.equals(item.get(JobAttributes.NOTIFY_CLAIMANT))) {
            item.remove(JobAttributes.NOTIFY_CLAIMANT);
            item.remove(JobAttributes.NOTIFY_CLAIMED_AT);
        }
    }

    /** Test helper: puts a job straight into a status. */
    public synchronized void force(String jobId, JobStatus status) {
        jobs.get(jobId).put(JobAttributes.STATUS, status.name());
        jobs.get(jobId).put(JobAttributes.STATUS_RANK, status.rank());
    }

    public synchronized int jobCount() {
        return jobs.size();
    }

    private static Object normalize(Object value) {
        if (value instanceof Instant instant) {
            return Times.format(instant);
        }
        if (value instanceof Number number && !(value instanceof BigDecimal)) {
            return new BigDecimal(number.toString());
        }
        return value;
    }

    /** Every job (for the in-memory listing index). */
    public synchronized java.util.List<Job> all() {
        return jobs.values().stream().map(Job::fromAttributes).toList();
    }
}
